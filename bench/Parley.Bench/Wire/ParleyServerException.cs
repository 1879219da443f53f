using Parley.Protocol.Messages;

namespace Parley.Bench.Wire;

/// <summary>The server answered with an Error frame (or something it should not have sent).</summary>
internal sealed class ParleyServerException(ErrorCode code, string message) : Exception($"{code}: {message}")
{
    public ErrorCode Code { get; } = code;
}
