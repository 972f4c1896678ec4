namespace Herald.Simulator.Core;

/// <summary>The one seeded random source; locked because requests run concurrently.</summary>
internal sealed class SimRandom(int seed)
{
    private readonly Lock gate = new();
    private Random random = new(seed);

    public void Reseed(int seed)
    {
        lock (gate)
        {
            random = new Random(seed);
        }
    }

#pragma warning disable CA5394 // Not for security: the simulator must be reproducible from its seed.
    public bool Chance(double rate)
    {
        if (rate <= 0)
        {
            return false;
        }

        lock (gate)
        {
            return random.NextDouble() < rate;
        }
    }

    public int Next(int maxExclusive)
    {
        if (maxExclusive <= 0)
        {
            return 0;
        }

        lock (gate)
        {
            return random.Next(maxExclusive);
        }
    }

    public byte[] Bytes(int count)
    {
        var bytes = new byte[count];
        lock (gate)
        {
            random.NextBytes(bytes);
        }

        return bytes;
    }
#pragma warning restore CA5394

    public string Hex(int byteCount) => Convert.ToHexStringLower(Bytes(byteCount));

    /// <summary>A GUID-shaped id (8-4-4-4-12 hex) drawn from the seeded source.</summary>
    public string GuidLike()
    {
        var h = Hex(16);
        return $"{h[..8]}-{h[8..12]}-{h[12..16]}-{h[16..20]}-{h[20..]}";
    }
}
