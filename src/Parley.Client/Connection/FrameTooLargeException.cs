namespace Parley.Client.Connection;

/// <summary>A frame this client would send is above the server's announced limit; nothing was written.</summary>
internal sealed class FrameTooLargeException(int size, int limit)
    : Exception($"the message is {size} bytes once sealed; the server accepts at most {limit}")
{
    public int Size { get; } = size;

    public int Limit { get; } = limit;
}
