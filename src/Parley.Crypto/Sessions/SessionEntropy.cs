using System.Security.Cryptography;

namespace Parley.Crypto.Sessions;

/// <summary>
/// Where session cryptography gets its randomness: every private key and every KEM encapsulation draws
/// from one of these. <see cref="SystemEntropy"/> in use; a fixed stream makes the test vectors reproducible.
/// </summary>
public interface ISessionEntropy
{
    void Fill(Span<byte> destination);
}

/// <summary>The operating system's CSPRNG.</summary>
public sealed class SystemEntropy : ISessionEntropy
{
    public static SystemEntropy Instance { get; } = new();

    private SystemEntropy()
    {
    }

    public void Fill(Span<byte> destination) => RandomNumberGenerator.Fill(destination);
}
