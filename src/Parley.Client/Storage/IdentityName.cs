using System.Text;
using Parley.Protocol;

namespace Parley.Client.Storage;

/// <summary>A name checked by <see cref="NameRules"/>, with the key it collides on and a folder name safe on any file system.</summary>
internal sealed record IdentityName(string Normalized, string UniquenessKey)
{
    /// <summary>
    /// The spelling up to case (<see cref="NameRules.CaseFoldKey"/>): the server reaches a name registered
    /// before lookalikes counted by it, so it tells apart two online names that share a uniqueness key.
    /// </summary>
    public string CaseFoldKey => NameRules.CaseFoldKey(Normalized);

    /// <summary>
    /// Hex of the UTF-8 case-fold key: any Unicode name becomes a safe, case-insensitively unique path.
    /// Not the uniqueness key, which can change with ICU's data and would lose existing identities.
    /// </summary>
    public string FolderName => Convert.ToHexStringLower(Encoding.UTF8.GetBytes(CaseFoldKey));

    /// <exception cref="ParleyException">InvalidName, with the rule the name breaks.</exception>
    public static IdentityName Parse(string? name) =>
        TryParse(name, out var parsed, out var error)
            ? parsed
            : throw new ParleyException(ParleyErrorKind.InvalidName, $"invalid name '{name}': {error}");

    public static bool TryParse(string? name, out IdentityName parsed, out string error)
    {
        if (!NameRules.TryNormalize(name, out var normalized, out error))
        {
            parsed = new IdentityName(string.Empty, string.Empty);
            return false;
        }

        parsed = new IdentityName(normalized, NameRules.UniquenessKey(normalized));
        return true;
    }
}
