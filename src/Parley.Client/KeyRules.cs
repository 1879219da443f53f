using Parley.Crypto;

namespace Parley.Client;

/// <summary>Whether a key from the server is one Parley accepts (<see cref="PeerKey.FromSpki"/>'s rules): checked before it is shown or pinned.</summary>
internal static class KeyRules
{
    /// <summary>Null when <paramref name="spki"/> is acceptable, else why not.</summary>
    public static string? ProblemWith(ReadOnlySpan<byte> spki)
    {
        try
        {
            using var key = PeerKey.FromSpki(spki);
            return null;
        }
        catch (InvalidKeyException ex)
        {
            return ex.Message;
        }
    }
}
