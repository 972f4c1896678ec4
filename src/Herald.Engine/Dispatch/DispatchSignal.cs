namespace Herald.Engine.Dispatch;

/// <summary>Wakes idle dispatcher workers when new work is committed, so a fresh message does not wait for the next poll.</summary>
public sealed class DispatchSignal
{
    private readonly SemaphoreSlim _signal = new(0, int.MaxValue);

    public void Notify()
    {
        if (_signal.CurrentCount < 8)
        {
            _signal.Release();
        }
    }

    public Task<bool> WaitAsync(TimeSpan timeout, CancellationToken ct) => _signal.WaitAsync(timeout, ct);
}
