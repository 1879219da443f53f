using System.CommandLine;
using Parley.Cli.Common;
using Parley.Cli.Output;
using Parley.Client;

namespace Parley.Cli.Keys;

/// <summary>`parley keys fingerprint`: prints the fingerprint of a name's key, creating the key if missing.</summary>
internal static class KeysFingerprintCommand
{
    public static Command Create()
    {
        var name = ClientFlags.NameOption();
        var home = ClientFlags.HomeOption();
        var command = new Command(
            "fingerprint",
            "Print your key's fingerprint (creating the key on first use); read it to your contacts to compare.")
        {
            name,
            home,
        };
        command.SetAction(parse => Run(parse.GetRequiredValue(name), parse.GetValue(home) ?? IdentityStore.DefaultHome()));
        return command;
    }

    private static int Run(string name, string home)
    {
        try
        {
            var store = new IdentityStore(home);
            var existed = store.TryLoad(name, out var identity);
            if (!existed)
            {
                identity = store.LoadOrCreate(name);
                Terminal.Error.Line($"created a new key for {name} in {home}");
            }

            if (store.PrivacyWarning(name) is { } privacy)
            {
                ErrorLine.Warning(privacy);
            }

            using (identity)
            {
                Terminal.Out.Line(identity!.Fingerprint);
            }

            return ExitCodes.Ok;
        }
        catch (ParleyException ex)
        {
            return ErrorLine.Fail(ex.Message);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or Parley.Crypto.InvalidKeyException)
        {
            return ErrorLine.Fail($"cannot use the key of {name} in {home}: {ex.Message}");
        }
    }
}
