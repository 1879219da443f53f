using System.Buffers;

namespace Parley.Video.Tests;

/// <summary>Hands out fresh arrays and records what comes back.</summary>
internal sealed class CountingPool : ArrayPool<byte>
{
    private int _rented;
    private readonly List<byte[]> _returned = [];

    public int Rented => Volatile.Read(ref _rented);

    public int Returned
    {
        get
        {
            lock (_returned)
            {
                return _returned.Count;
            }
        }
    }

    public IReadOnlyList<byte[]> ReturnedArrays
    {
        get
        {
            lock (_returned)
            {
                return [.. _returned];
            }
        }
    }

    public override byte[] Rent(int minimumLength)
    {
        Interlocked.Increment(ref _rented);
        return new byte[minimumLength <= 0 ? 0 : (int)System.Numerics.BitOperations.RoundUpToPowerOf2((uint)minimumLength)];
    }

    public override void Return(byte[] array, bool clearArray = false)
    {
        lock (_returned)
        {
            _returned.Add(array);
        }
    }
}
