namespace Parley.Architecture.Tests;

/// <summary>Every project's folder layers, as docs/architecture.md draws them.</summary>
internal static class Layouts
{
    public static readonly FolderLayers Server = new("Parley.Server", "Parley.Server", RootPlace.Bottom,
    [
        ["Metrics"], ["Limits"], ["Registry"], ["Sessions"], ["Presence"], ["OfflineQueue"], ["Routing", "Prekeys"], ["Authentication"], ["VideoRequests"], ["Dispatch"],
        ["Transports"], ["Http"], ["Hosting"],
    ]);

    public static readonly FolderLayers Client = new("Parley.Client", "Parley.Client", RootPlace.Unchecked,
    [
        ["Storage"], ["Connection"], ["Presence", "Video", "Prekeys"], ["Messaging"],
    ]);

    public static readonly FolderLayers Cli = new(ProjectLayers.CommandLineAssembly, "Parley.Cli", RootPlace.Top,
    [
        ["Output"], ["Common"], ["Messaging", "Presence", "Keys", "Video", "Hosting"], ["Chat"],
    ]);

    public static readonly FolderLayers Media = new("Parley.Media", "Parley.Media", RootPlace.Bottom,
    [
        ["Tools", "Videos", "Segments"], ["Probing", "Samples"], ["Packaging"], ["Cache"], ["Library"], ["Hosting"],
    ]);

    public static TheoryData<string> All => new(nameof(Server), nameof(Client), nameof(Cli), nameof(Media));

    public static FolderLayers Named(string name) => name switch
    {
        nameof(Server) => Server,
        nameof(Client) => Client,
        nameof(Cli) => Cli,
        nameof(Media) => Media,
        _ => throw new ArgumentOutOfRangeException(nameof(name), name, null),
    };
}
