using Herald.Domain.Messages;

namespace Herald.Domain.Tests.Messages;

public class LifecycleTests
{
    private static readonly MessageStatus[] Progress =
    [
        MessageStatus.Accepted, MessageStatus.Queued, MessageStatus.Scheduled, MessageStatus.Deferred,
        MessageStatus.Sending, MessageStatus.Sent, MessageStatus.Delivered, MessageStatus.Read,
    ];

    [Fact]
    public void Status_only_moves_forward()
    {
        foreach (MessageStatus current in Progress)
        {
            foreach (MessageStatus next in Progress)
            {
                StatusTransition expected = Lifecycle.Rank(next) > Lifecycle.Rank(current)
                    ? StatusTransition.Apply
                    : StatusTransition.Ignore;
                Assert.Equal(expected, Lifecycle.Decide(current, next));
            }
        }
    }

    [Theory]
    [InlineData(MessageStatus.Delivered, MessageStatus.Sent)]
    [InlineData(MessageStatus.Read, MessageStatus.Delivered)]
    [InlineData(MessageStatus.Sent, MessageStatus.Sent)]
    [InlineData(MessageStatus.Scheduled, MessageStatus.Deferred)]
    [InlineData(MessageStatus.Sending, MessageStatus.Queued)]
    public void Late_or_duplicate_events_are_ignored(MessageStatus current, MessageStatus next)
    {
        Assert.Equal(StatusTransition.Ignore, Lifecycle.Decide(current, next));
    }

    [Fact]
    public void Read_after_sent_applies_and_implies_delivered()
    {
        Assert.Equal(StatusTransition.Apply, Lifecycle.Decide(MessageStatus.Sent, MessageStatus.Read));
        Assert.True(Lifecycle.ImpliesDelivered(MessageStatus.Sent, MessageStatus.Read));
        Assert.False(Lifecycle.ImpliesDelivered(MessageStatus.Delivered, MessageStatus.Read));
        Assert.False(Lifecycle.ImpliesDelivered(MessageStatus.Sent, MessageStatus.Delivered));
    }

    [Theory]
    [InlineData(MessageStatus.Accepted)]
    [InlineData(MessageStatus.Sending)]
    [InlineData(MessageStatus.Sent)]
    public void A_failure_before_delivery_applies(MessageStatus current)
    {
        Assert.Equal(StatusTransition.Apply, Lifecycle.Decide(current, MessageStatus.Failed));
    }

    [Theory]
    [InlineData(MessageStatus.Delivered)]
    [InlineData(MessageStatus.Read)]
    public void A_failure_after_delivery_is_recorded_and_flagged_not_applied(MessageStatus current)
    {
        Assert.Equal(StatusTransition.RecordLateFailure, Lifecycle.Decide(current, MessageStatus.Failed));
    }

    [Theory]
    [InlineData(MessageStatus.Sent)]
    [InlineData(MessageStatus.Delivered)]
    [InlineData(MessageStatus.Read)]
    public void A_provider_event_proves_an_in_doubt_send_went_out(MessageStatus next)
    {
        Assert.Equal(StatusTransition.Apply, Lifecycle.Decide(MessageStatus.Failed, next, currentIsInDoubt: true));
        Assert.Equal(StatusTransition.Ignore, Lifecycle.Decide(MessageStatus.Failed, next));
    }

    [Fact]
    public void An_in_doubt_failure_does_not_go_back_to_queued()
    {
        Assert.Equal(StatusTransition.Ignore, Lifecycle.Decide(MessageStatus.Failed, MessageStatus.Queued, currentIsInDoubt: true));
        Assert.Equal(StatusTransition.Ignore, Lifecycle.Decide(MessageStatus.Failed, MessageStatus.Failed, currentIsInDoubt: true));
    }

    [Theory]
    [InlineData(MessageStatus.Accepted, StatusTransition.Apply)]
    [InlineData(MessageStatus.Queued, StatusTransition.Apply)]
    [InlineData(MessageStatus.Scheduled, StatusTransition.Apply)]
    [InlineData(MessageStatus.Deferred, StatusTransition.Apply)]
    [InlineData(MessageStatus.Sending, StatusTransition.Ignore)]
    [InlineData(MessageStatus.Sent, StatusTransition.Ignore)]
    [InlineData(MessageStatus.Delivered, StatusTransition.Ignore)]
    public void Cancel_and_expiry_only_reach_messages_not_yet_sending(MessageStatus current, StatusTransition expected)
    {
        Assert.Equal(expected, Lifecycle.Decide(current, MessageStatus.Cancelled));
        Assert.Equal(expected, Lifecycle.Decide(current, MessageStatus.Expired));
    }

    [Fact]
    public void Nothing_leaves_expired_or_cancelled()
    {
        foreach (MessageStatus next in Enum.GetValues<MessageStatus>())
        {
            Assert.Equal(StatusTransition.Ignore, Lifecycle.Decide(MessageStatus.Expired, next));
            Assert.Equal(StatusTransition.Ignore, Lifecycle.Decide(MessageStatus.Cancelled, next, currentIsInDoubt: true));
        }
    }

    [Fact]
    public void Terminal_and_final_statuses()
    {
        MessageStatus[] terminal = [.. Enum.GetValues<MessageStatus>().Where(Lifecycle.IsTerminal)];
        MessageStatus[] final = [.. Enum.GetValues<MessageStatus>().Where(Lifecycle.IsFinal)];

        Assert.Equal([MessageStatus.Failed, MessageStatus.Expired, MessageStatus.Cancelled], terminal);
        Assert.Equal([MessageStatus.Read, MessageStatus.Failed, MessageStatus.Expired, MessageStatus.Cancelled], final);
    }

    [Fact]
    public void Ranks_follow_the_documented_order()
    {
        Assert.Equal([0, 1, 2, 2, 3, 4, 5, 6], Progress.Select(Lifecycle.Rank));
        Assert.Equal(Lifecycle.EndRank, Lifecycle.Rank(MessageStatus.Failed));
    }
}
