using System.Data.Common;
using Herald.Domain;
using Herald.Domain.Consent;
using Herald.Domain.Policy;
using Herald.Engine.Dispatch;
using Herald.Engine.Sending;
using Herald.Storage.Infrastructure;
using Herald.Storage.Rows;
using Herald.Storage.Stores;
using Microsoft.Extensions.Options;

namespace Herald.Engine.Inbound;

/// <summary>A message a contact sent to one of the workspace's senders.</summary>
/// <remarks><c>ProviderKeyword</c> is a consent keyword the provider itself acted on (Twilio's <c>OptOutType</c>): consent
/// is recorded, but the provider already answered, so Herald queues no second reply.</remarks>
public sealed record InboundCommand(
    SenderRow Sender, string From, string? Text, DateTimeOffset ReceivedAt, bool OverwriteWindow, string Source,
    string? ProviderMessageId = null, KeywordKind ProviderKeyword = KeywordKind.None);

/// <summary>What an inbound message changed: the keyword it carried, the reply Herald queued, and the window now.</summary>
public sealed record InboundResult(MessageRow Message, KeywordKind Keyword, MessageRow? Reply, WindowState Window);

/// <summary>
/// Records inbound messages: they open or reset the WhatsApp window and the Viber session, and opt-out, opt-in and
/// help keywords change consent and queue exactly one reply, all in the same transaction.
/// </summary>
public sealed class InboundService(Database db, DispatchSignal signal, TimeProvider clock, IOptions<HeraldOptions> options)
{
    private readonly HeraldOptions _o = options.Value;

    public async Task<InboundResult> ReceiveAsync(InboundCommand cmd, CancellationToken ct = default)
    {
        using var turn = await db.WriteTurnAsync(ct).ConfigureAwait(false);
        await using var c = await db.OpenAsync(ct).ConfigureAwait(false);
        await using var tx = await db.BeginWriteAsync(c, ct).ConfigureAwait(false);
        var result = await ReceiveAsync(c, tx, cmd, ct).ConfigureAwait(false);
        await tx.CommitAsync(ct).ConfigureAwait(false);
        if (result.Reply is not null)
        {
            signal.Notify();
        }
        return result;
    }

    /// <summary>Records one inbound message inside the caller's transaction (the caller commits, then notifies the dispatcher when a reply was queued).</summary>
    public async Task<InboundResult> ReceiveAsync(DbConnection c, DbTransaction tx, InboundCommand cmd, CancellationToken ct = default)
    {
        var now = clock.GetUtcNow();
        var nowMs = now.ToUnixTimeMilliseconds();
        var at = cmd.ReceivedAt.ToUnixTimeMilliseconds();
        var s = cmd.Sender;
        var message = new MessageRow
        {
            Id = HeraldId.New("msg", now), WorkspaceId = s.WorkspaceId, Direction = "inbound", Channel = s.Channel, SenderId = s.Id,
            Phone = cmd.From, Purpose = "transactional", Kind = "text", Body = cmd.Text, Status = "received",
            ProviderMessageId = cmd.ProviderMessageId, CreatedAt = nowMs, UpdatedAt = nowMs,
        };
        var keyword = cmd.ProviderKeyword != KeywordKind.None ? cmd.ProviderKeyword : Keywords.Classify(cmd.Text, _o.ExtraOptOutKeywords);
        NewMessage? reply = null;
        await MessageStore.InsertAsync(c, tx, [message], ct).ConfigureAwait(false);
        await MessageStore.InsertEventsAsync(c, tx,
            [new EventRow(message.Id, "received", at, MessageFactory.Detail(new { source = cmd.Source, keyword = keyword.ToString().ToLowerInvariant() }))],
            ct).ConfigureAwait(false);
        await StateStore.RecordInboundAsync(c, tx, s.WorkspaceId, s.Id, cmd.From, at, cmd.OverwriteWindow).ConfigureAwait(false);
        if (keyword is KeywordKind.OptOut or KeywordKind.OptIn)
        {
            await StateStore.SetConsentAsync(c, tx, new ConsentRow
            {
                WorkspaceId = s.WorkspaceId, Phone = cmd.From, Channel = s.Channel, OptedOut = keyword == KeywordKind.OptOut ? 1 : 0,
                ChangedAt = at, Source = $"keyword:{Keywords.Normalize(cmd.Text ?? "")}",
            }).ConfigureAwait(false);
        }
        var replyText = cmd.ProviderKeyword != KeywordKind.None ? null : keyword switch
        {
            KeywordKind.OptOut => _o.OptOutReply,
            KeywordKind.OptIn => _o.OptInReply,
            KeywordKind.Help => _o.HelpText,
            _ => null,
        };
        if (replyText is not null)
        {
            reply = MessageFactory.SystemReply(s.WorkspaceId, s, cmd.From, replyText, now, _o.DefaultValidity,
                keyword.ToString().ToLowerInvariant());
            await MessageStore.InsertAsync(c, tx, [reply.Message], ct).ConfigureAwait(false);
            await MessageStore.InsertOutboxAsync(c, tx, [reply.Outbox], ct).ConfigureAwait(false);
            await MessageStore.InsertEventsAsync(c, tx, reply.Events, ct).ConfigureAwait(false);
        }
        var window = WhatsAppWindow.Evaluate(cmd.ReceivedAt, now);
        return new InboundResult(message, keyword, reply?.Message, window);
    }
}
