using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Herald.Server.Console.Pages;

public sealed class IndexModel : PageModel
{
    public static string Describe(string href) => href switch
    {
        "/console/send" => "Send one message: WhatsApp template or free text, SMS or Viber.",
        "/console/conversations" => "Messages both ways with one contact, and their window.",
        "/console/contacts" => "Saved contacts and their attributes; add, change or import a CSV.",
        "/console/messages" => "Every message with its timeline; filter by status, channel or number.",
        "/console/templates" => "WhatsApp templates: create with live lint, submit, sync.",
        "/console/broadcasts" => "Campaigns to many: upload, map, schedule, watch them go.",
        "/console/senders" => "Numbers and sender ids Herald sends from.",
        "/console/keys" => "API keys for code that calls Herald.",
        "/console/webhooks" => "Where providers post statuses and replies.",
        "/console/users" => "Console accounts and their roles.",
        "/console/sandbox" => "Act as the customer: read what arrived, reply, send STOP.",
        _ => "",
    };
}
