using System.CommandLine;

namespace Parley.Cli.Hosting;

/// <summary>
/// One `parley server` option, passed through as a ParleyServerOptions.Resolve override key so the
/// server's own rules validate it and command-line flags win over appsettings.json and PARLEY_*.
/// </summary>
internal sealed record ServerFlag(string Flag, string OverrideKey, string HelpName, string Description)
{
    public Option<string?> CreateOption() => new(Flag) { HelpName = HelpName, Description = Description };
}
