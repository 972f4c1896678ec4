using System.Globalization;
using Herald.Domain;
using Herald.Domain.Keys;
using Herald.Domain.Templates;
using Herald.Engine.Templates;
using Herald.Server.Api.Messages;
using Herald.Server.Auth;
using Herald.Server.Infrastructure;

namespace Herald.Server.Api.Templates;

/// <summary>POST /v1/templates · POST /v1/templates/lint · GET /v1/templates · GET|PUT|DELETE /v1/templates/{id}</summary>
public static class TemplatesApi
{
    public static void MapTemplates(this IEndpointRouteBuilder app)
    {
        var g = app.MapGroup("/v1/templates").WithTags("Templates");
        g.MapPost("/", CreateAsync).RequireScope(Scopes.TemplatesWrite).WithMetadata(new IdempotentAttribute())
            .Accepts<TemplateRequest>("application/json").Produces<TemplateResponse>(201).ProducesProblem(400).ProducesProblem(422).ProducesProblem(409)
            .WithSummary("Create a template (linted first; sandbox senders approve it at once)");
        g.MapPost("/lint", (Func<HttpContext, Task<IResult>>)LintAsync).RequireScope(Scopes.TemplatesRead)
            .Accepts<TemplateRequest>("application/json").Produces<LintResponse>(200).WithSummary("Lint a template without saving it");
        g.MapGet("/", ListAsync).RequireScope(Scopes.TemplatesRead).Produces<TemplatePage>(200).WithSummary("List templates");
        g.MapGet("/{id}", GetAsync).RequireScope(Scopes.TemplatesRead).Produces<TemplateResponse>(200).ProducesProblem(404).WithSummary("Get a template");
        g.MapPut("/{id}", UpdateAsync).RequireScope(Scopes.TemplatesWrite).Accepts<TemplateRequest>("application/json")
            .Produces<TemplateResponse>(200).ProducesProblem(404).ProducesProblem(422).WithSummary("Change a template's content (sends it back for approval)");
        g.MapDelete("/{id}", DeleteAsync).RequireScope(Scopes.TemplatesWrite).Produces(204).ProducesProblem(404).WithSummary("Delete a template");
    }

    private static async Task<(TemplateDefinition? Definition, IResult? Problem)> ReadAsync(HttpContext http)
    {
        var (body, problem) = await Body.ReadAsync<TemplateRequest>(http);
        if (problem is not null)
        {
            return (null, problem);
        }
        var (d, errors) = TemplateMapper.ToDefinition(body!);
        return d is null ? (null, Problems.Validation(errors)) : (d, null);
    }

    private static IResult LintFailed(IReadOnlyList<Reason> problems) => problems switch
    {
        [{ Code: "template_exists" }] => Problems.Create(409, problems[0].Code, problems[0].Message),
        // Renaming is not a lint rule: say what it is, with its own code.
        [{ Code: "template_identity_immutable" }] => Problems.Create(422, problems[0].Code, problems[0].Message,
            new Dictionary<string, object?> { ["errors"] = Problems.Shape(problems) }),
        _ => Problems.Create(422, "template_lint_failed",
            $"The template breaks {problems.Count} rule{(problems.Count > 1 ? "s" : "")}: " + string.Join(" ", problems.Select(p => p.Message)),
            new Dictionary<string, object?> { ["errors"] = Problems.Shape(problems) }),
    };

    private static async Task<IResult> CreateAsync(HttpContext http, TemplateService templates)
    {
        var (d, problem) = await ReadAsync(http);
        if (d is null)
        {
            return problem!;
        }
        var (created, problems) = await templates.CreateAsync(Caller.Of(http).WorkspaceId, d, http.RequestAborted);
        return created is null ? LintFailed(problems) : TypedResults.Created($"/v1/templates/{created.Row.Id}", TemplateResponse.From(created));
    }

    private static async Task<IResult> LintAsync(HttpContext http)
    {
        var (d, problem) = await ReadAsync(http);
        if (d is null)
        {
            return problem!;
        }
        var errors = TemplateLint.Lint(d);
        return TypedResults.Ok(new LintResponse(errors.Count == 0, [.. errors.Select(e => new ReasonView(e.Code, e.Message, e.Field))]));
    }

    private static async Task<IResult> UpdateAsync(string id, HttpContext http, TemplateService templates)
    {
        var (d, problem) = await ReadAsync(http);
        if (d is null)
        {
            return problem!;
        }
        var (updated, problems) = await templates.UpdateAsync(Caller.Of(http).WorkspaceId, id, d, http.RequestAborted);
        return updated is not null ? TypedResults.Ok(TemplateResponse.From(updated))
            : problems.Count == 0 ? Problems.NotFound("template", id)
            : LintFailed(problems);
    }

    private static async Task<IResult> GetAsync(string id, HttpContext http, TemplateService templates)
    {
        var v = await templates.GetAsync(Caller.Of(http).WorkspaceId, id, http.RequestAborted);
        return v is null ? Problems.NotFound("template", id) : TypedResults.Ok(TemplateResponse.From(v));
    }

    private static async Task<IResult> DeleteAsync(string id, HttpContext http, Herald.Storage.Stores.TemplateStore store)
    {
        var deleted = await store.DeleteAsync(Caller.Of(http).WorkspaceId, id, http.RequestAborted);
        return deleted ? TypedResults.NoContent() : Problems.NotFound("template", id);
    }

    private static async Task<IResult> ListAsync(HttpContext http, TemplateService templates)
    {
        var (after, limit, errors) = Paging.Parse(http.Request.Query);
        if (errors.Count > 0)
        {
            return Problems.Validation(errors);
        }
        var rows = await templates.ListAsync(Caller.Of(http).WorkspaceId, after, limit + 1, http.RequestAborted);
        var page = rows.Take(limit).Select(TemplateResponse.From).ToList();
        return TypedResults.Ok(new TemplatePage(page, rows.Count > limit ? Cursor.Encode(page[^1].Id) : null));
    }
}

/// <summary>limit + cursor for lists ordered by id ascending.</summary>
public static class Paging
{
    public static (string? After, int Limit, IReadOnlyList<Reason> Errors) Parse(IQueryCollection q)
    {
        var errors = new List<Reason>();
        var limit = 50;
        if (q.TryGetValue("limit", out var l) && (!int.TryParse(l, NumberStyles.None, CultureInfo.InvariantCulture, out limit) || limit is < 1 or > 500))
        {
            errors.Add(new Reason("invalid_query", "'limit' must be a whole number from 1 to 500.", "limit"));
            limit = 50;
        }
        string? after = null;
        if (q.TryGetValue("cursor", out var c) && !string.IsNullOrEmpty(c) && !Cursor.TryDecode(c!, out after))
        {
            errors.Add(new Reason("invalid_cursor", "'cursor' is not one Herald gave out; pass next_cursor from the previous page unchanged.", "cursor"));
        }
        return (after, limit, errors);
    }
}
