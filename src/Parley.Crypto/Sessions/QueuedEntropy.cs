namespace Parley.Crypto.Sessions;

/// <summary>
/// Entropy that hands out given byte strings in order, each to one request of its exact length: how the
/// test vectors fix every private key and the KEM's randomness. Never for real use.
/// </summary>
internal sealed class QueuedEntropy(params byte[][] values) : ISessionEntropy
{
    private readonly Queue<byte[]> _values = new(values);

    public int Left => _values.Count;

    public void Fill(Span<byte> destination)
    {
        if (!_values.TryDequeue(out var next) || next.Length != destination.Length)
        {
            throw new InvalidOperationException($"the vector's entropy has no {destination.Length}-byte value next");
        }

        next.CopyTo(destination);
    }
}
