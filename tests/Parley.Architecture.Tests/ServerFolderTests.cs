namespace Parley.Architecture.Tests;

/// <summary>The server's folders form layers: each may use the ones below it, never one above (docs/architecture.md).</summary>
public sealed class ServerFolderTests
{
    private static readonly string[] s_bottomUp =
    [
        "Registry", "Sessions", "Presence", "Routing", "VideoRequests", "Dispatch", "Transports", "Http", "Hosting",
    ];

    private static readonly FolderDependencies s_server = new(ProductAssemblies.Named("Parley.Server"), "Parley.Server");

    [Fact]
    public void Every_server_type_lives_in_a_layer_folder()
    {
        Assert.Empty(s_server.TypesAtTheRoot);
        Assert.Empty(s_server.Folders.Except(s_bottomUp));
    }

    [Fact]
    public void No_server_folder_uses_one_above_it()
    {
        var violations =
            from edge in s_server.Edges()
            where Array.IndexOf(s_bottomUp, edge.Key.To) > Array.IndexOf(s_bottomUp, edge.Key.From)
            select $"{edge.Key.From} -> {edge.Key.To} (e.g. {edge.Value})";

        Assert.Empty(violations);
    }

    [Fact]
    public void The_check_sees_what_the_host_composes()
    {
        // Guards the test above against passing vacuously: the composition root must be seen using the layers.
        Assert.NotEmpty(s_server.TypesUsing("Hosting", "Sessions"));
        Assert.NotEmpty(s_server.TypesUsing("Hosting", "Transports"));
    }
}
