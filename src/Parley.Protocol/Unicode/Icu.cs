using System.Runtime.InteropServices;
using System.Text;

namespace Parley.Protocol.Unicode;

/// <summary>
/// The parts of ICU4C that name rules use: NFKC_Casefold, the UTS #39 spoof checker (confusable
/// skeletons, restriction levels) and script and character-name data. It is the ICU library .NET
/// itself uses for globalization, found the way .NET finds it (highest libicuuc.so.N, or the version
/// in DOTNET_ICU_VERSION_OVERRIDE / CLR_ICU_VERSION_OVERRIDE), so the data is the distribution's,
/// kept up to date with the system. Every call used here is thread-safe once set up.
/// </summary>
internal sealed unsafe class Icu
{
    private const int BufferOverflowError = 15;
    private const int SpoofRestrictionLevelCheck = 16;
    private const int HighlyRestrictive = 0x30000000;
    private const int UnicodeCharName = 0;
    private const int ScriptCommon = 0;
    private const int ScriptInherited = 1;
    private const int ScriptUnknown = 103;
    private const int LowestMajorVersion = 50;
    private const int HighestMajorVersion = 255;

    private static readonly Lazy<Icu> s_instance = new(Load);

    private readonly delegate* unmanaged<nint, char*, int, char*, int, int*, int> _normalize;
    private readonly delegate* unmanaged<nint, uint, char*, int, char*, int, int*, int> _getSkeleton;
    private readonly delegate* unmanaged<nint, char*, int, nint, int*, int> _check;
    private readonly delegate* unmanaged<int, int*, int> _getScript;
    private readonly delegate* unmanaged<int, byte*> _getScriptName;
    private readonly delegate* unmanaged<int, int, byte*, int, int*, int> _charName;
    private readonly delegate* unmanaged<int, byte*, int*, int> _charFromName;
    private readonly nint _nfkcCasefold;
    private readonly nint _spoofChecker;

    private Icu(nint common, nint i18n, string suffix)
    {
        // ICU's functions carry the major version (u_getVersion_72) unless it was built without renaming.
        nint Export(nint library, string name) =>
            NativeLibrary.TryGetExport(library, name + suffix, out var address) || NativeLibrary.TryGetExport(library, name, out address)
                ? address
                : throw new InvalidOperationException($"the ICU library has no {name}{suffix}");

        _normalize = (delegate* unmanaged<nint, char*, int, char*, int, int*, int>)Export(common, "unorm2_normalize");
        _getScript = (delegate* unmanaged<int, int*, int>)Export(common, "uscript_getScript");
        _getScriptName = (delegate* unmanaged<int, byte*>)Export(common, "uscript_getName");
        _charName = (delegate* unmanaged<int, int, byte*, int, int*, int>)Export(common, "u_charName");
        _charFromName = (delegate* unmanaged<int, byte*, int*, int>)Export(common, "u_charFromName");
        _getSkeleton = (delegate* unmanaged<nint, uint, char*, int, char*, int, int*, int>)Export(i18n, "uspoof_getSkeleton");
        _check = (delegate* unmanaged<nint, char*, int, nint, int*, int>)Export(i18n, "uspoof_check2");

        var getVersion = (delegate* unmanaged<byte*, void>)Export(common, "u_getVersion");
        var getUnicodeVersion = (delegate* unmanaged<byte*, void>)Export(common, "u_getUnicodeVersion");
        var getNfkcCasefold = (delegate* unmanaged<int*, nint>)Export(common, "unorm2_getNFKCCasefoldInstance");
        var open = (delegate* unmanaged<int*, nint>)Export(i18n, "uspoof_open");
        var setChecks = (delegate* unmanaged<nint, int, int*, void>)Export(i18n, "uspoof_setChecks");
        var setRestrictionLevel = (delegate* unmanaged<nint, int, void>)Export(i18n, "uspoof_setRestrictionLevel");

        var version = stackalloc byte[4];
        getVersion(version);
        Version = $"{version[0]}.{version[1]}";
        getUnicodeVersion(version);
        UnicodeVersion = $"{version[0]}.{version[1]}";

        var status = 0;
        _nfkcCasefold = getNfkcCasefold(&status);
        ThrowIfFailed(status, "unorm2_getNFKCCasefoldInstance");

        // The checker lives as long as the process: it is shared by every thread and never closed.
        _spoofChecker = open(&status);
        ThrowIfFailed(status, "uspoof_open");
        setChecks(_spoofChecker, SpoofRestrictionLevelCheck, &status);
        ThrowIfFailed(status, "uspoof_setChecks");
        setRestrictionLevel(_spoofChecker, HighlyRestrictive);
    }

    /// <exception cref="IcuUnavailableException">No usable ICU library was found.</exception>
    public static Icu Instance => s_instance.Value;

    /// <summary>ICU's version, e.g. "72.1".</summary>
    public string Version { get; }

    /// <summary>The Unicode version of ICU's data, e.g. "15.0".</summary>
    public string UnicodeVersion { get; }

    /// <summary>Unicode's NFKC_Casefold mapping (full case folding, compatibility forms, ignorables removed).</summary>
    public string NfkcCasefold(ReadOnlySpan<char> text)
    {
        var status = 0;
        Span<char> buffer = stackalloc char[256];
        int length;
        fixed (char* source = text)
        fixed (char* destination = buffer)
        {
            length = _normalize(_nfkcCasefold, source, text.Length, destination, buffer.Length, &status);
        }

        if (status == BufferOverflowError)
        {
            buffer = new char[length];
            status = 0;
            fixed (char* source = text)
            fixed (char* destination = buffer)
            {
                length = _normalize(_nfkcCasefold, source, text.Length, destination, buffer.Length, &status);
            }
        }

        ThrowIfFailed(status, "unorm2_normalize");
        return new string(buffer[..length]);
    }

    /// <summary>The UTS #39 confusable skeleton (NFD, each character replaced by its prototype, NFD again).</summary>
    public string Skeleton(ReadOnlySpan<char> text)
    {
        var status = 0;
        Span<char> buffer = stackalloc char[256];
        int length;
        fixed (char* source = text)
        fixed (char* destination = buffer)
        {
            length = _getSkeleton(_spoofChecker, 0, source, text.Length, destination, buffer.Length, &status);
        }

        if (status == BufferOverflowError)
        {
            buffer = new char[length];
            status = 0;
            fixed (char* source = text)
            fixed (char* destination = buffer)
            {
                length = _getSkeleton(_spoofChecker, 0, source, text.Length, destination, buffer.Length, &status);
            }
        }

        ThrowIfFailed(status, "uspoof_getSkeleton");
        return new string(buffer[..length]);
    }

    /// <summary>
    /// Whether <paramref name="text"/> meets UTS #39's "highly restrictive" level: one script, or Latin
    /// with Han and Hiragana and Katakana, with Han and Bopomofo, or with Han and Hangul; characters of
    /// the Common and Inherited scripts go with any (Script_Extensions are honoured).
    /// </summary>
    public bool IsHighlyRestrictive(ReadOnlySpan<char> text)
    {
        var status = 0;
        int failed;
        fixed (char* source = text)
        {
            failed = _check(_spoofChecker, source, text.Length, 0, &status);
        }

        ThrowIfFailed(status, "uspoof_check2");
        return (failed & SpoofRestrictionLevelCheck) == 0;
    }

    /// <summary>The script's long name ("Latin", "Cyrillic"), or null for Common, Inherited and Unknown.</summary>
    public string? ScriptName(int codePoint)
    {
        var status = 0;
        var script = _getScript(codePoint, &status);
        if (status > 0 || script is ScriptCommon or ScriptInherited or ScriptUnknown)
        {
            return null;
        }

        return Marshal.PtrToStringAnsi((nint)_getScriptName(script));
    }

    /// <summary>The character's Unicode name, e.g. "LATIN LETTER SMALL CAPITAL A", or null when it has none.</summary>
    public string? CharacterName(int codePoint)
    {
        var status = 0;
        var buffer = stackalloc byte[128];
        var length = _charName(codePoint, UnicodeCharName, buffer, 128, &status);
        return status > 0 || length is 0 or >= 128 ? null : Encoding.ASCII.GetString(buffer, length);
    }

    /// <summary>The code point with that Unicode name, or -1.</summary>
    public int CharacterFromName(string name)
    {
        var status = 0;
        var bytes = Encoding.ASCII.GetBytes(name + "\0");
        int codePoint;
        fixed (byte* pointer = bytes)
        {
            codePoint = _charFromName(UnicodeCharName, pointer, &status);
        }

        return status > 0 ? -1 : codePoint;
    }

    private static Icu Load()
    {
        Exception? lastProblem = null;
        foreach (var (common, i18n, suffix) in CandidateLibraries())
        {
            if (!NativeLibrary.TryLoad(common, out var commonHandle))
            {
                continue;
            }

            if (!NativeLibrary.TryLoad(i18n, out var i18nHandle))
            {
                NativeLibrary.Free(commonHandle);
                continue;
            }

            try
            {
                return new Icu(commonHandle, i18nHandle, suffix);
            }
            catch (InvalidOperationException ex)
            {
                // Too old (no uspoof_check2 before ICU 58) or built differently: try the next one.
                lastProblem = ex;
                NativeLibrary.Free(i18nHandle);
                NativeLibrary.Free(commonHandle);
            }
        }

        throw new IcuUnavailableException(
            "Parley's name rules need the ICU library (libicu 58 or later), which .NET also uses for globalization; "
            + "install it (Debian: apt-get install libicu72) and do not run with DOTNET_SYSTEM_GLOBALIZATION_INVARIANT"
            + (lastProblem is null ? "" : $" ({lastProblem.Message})"),
            lastProblem);
    }

    private static IEnumerable<(string Common, string I18n, string Suffix)> CandidateLibraries()
    {
        if (OperatingSystem.IsWindows())
        {
            yield return ("icu.dll", "icu.dll", string.Empty);
            yield break;
        }

        if (OperatingSystem.IsMacOS())
        {
            yield return ("libicucore.dylib", "libicucore.dylib", string.Empty);
            yield break;
        }

        var requested = Environment.GetEnvironmentVariable("DOTNET_ICU_VERSION_OVERRIDE")
            ?? Environment.GetEnvironmentVariable("CLR_ICU_VERSION_OVERRIDE");
        if (!string.IsNullOrEmpty(requested) && int.TryParse(requested.Split('.')[0], out var requestedMajor))
        {
            yield return ($"libicuuc.so.{requested}", $"libicui18n.so.{requested}", $"_{requestedMajor}");
            yield return ($"libicuuc.so.{requestedMajor}", $"libicui18n.so.{requestedMajor}", $"_{requestedMajor}");
        }

        for (var major = HighestMajorVersion; major >= LowestMajorVersion; major--)
        {
            yield return ($"libicuuc.so.{major}", $"libicui18n.so.{major}", $"_{major}");
        }
    }

    private static void ThrowIfFailed(int status, string function)
    {
        if (status > 0)
        {
            throw new InvalidOperationException($"ICU's {function} failed with error {status}");
        }
    }
}
