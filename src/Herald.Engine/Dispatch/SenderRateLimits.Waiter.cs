
namespace Herald.Engine.Dispatch;

public sealed partial class SenderRateLimits
{
    private sealed partial class Lane
    {
        private sealed class Waiter
        {
            private readonly Lane _lane;
            private CancellationTokenRegistration _registration;
            private bool _done;

            public Waiter(Lane lane, int permits)
            {
                _lane = lane;
                Permits = permits;
                Node = new LinkedListNode<Waiter>(this);
            }

            public int Permits { get; }
            public LinkedListNode<Waiter> Node { get; }
            public TaskCompletionSource Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

            /// <summary>False when the waiter already finished, so the caller disposes the registration itself.</summary>
            public bool SetRegistration(CancellationTokenRegistration registration)
            {
                lock (_lane._gate)
                {
                    if (_done)
                    {
                        return false;
                    }
                    _registration = registration;
                    return true;
                }
            }

            public void Cancel(CancellationToken ct) => _lane.Cancel(this, ct);

            // The three endings run under the lane's lock; continuations run asynchronously, so none runs inside it.
            // Unregister, not Dispose: Dispose would wait for a running cancellation callback that waits for the lock.

            public void Succeed()
            {
                _done = true;
                _registration.Unregister();
                Completion.TrySetResult();
            }

            public void Fail(Exception error)
            {
                _done = true;
                _registration.Unregister();
                Completion.TrySetException(error);
            }

            public void Cancelled(CancellationToken ct)
            {
                _done = true;
                Completion.TrySetCanceled(ct);
            }
        }
    }
}
