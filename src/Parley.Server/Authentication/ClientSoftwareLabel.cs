using System.Text;

namespace Parley.Server.Authentication;

/// <summary>Makes Hello.client_software safe to log: at most 64 bytes, printable ASCII only.</summary>
internal static class ClientSoftwareLabel
{
    public const int MaxBytes = 64;

    public static string From(string? reported)
    {
        if (string.IsNullOrEmpty(reported))
        {
            return "unnamed client";
        }

        var label = new StringBuilder(Math.Min(reported.Length, MaxBytes));
        foreach (var c in reported)
        {
            if (label.Length == MaxBytes)
            {
                break;
            }

            label.Append(c is >= ' ' and <= '~' ? c : '?');
        }

        return label.ToString();
    }
}
