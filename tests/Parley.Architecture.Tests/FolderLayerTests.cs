namespace Parley.Architecture.Tests;

/// <summary>Inside each project, folders use only folders below them (read from the compiled code).</summary>
public sealed class FolderLayerTests
{
    [Theory]
    [MemberData(nameof(Layouts.All), MemberType = typeof(Layouts))]
    public void Every_folder_has_a_place_in_the_layers(string project)
    {
        var layers = Layouts.Named(project);
        var folders = new FolderDependencies(ProductAssemblies.Named(layers.Assembly), layers.RootNamespace);

        var unplaced = folders.Folders.Where(folder => layers.TierOf(folder) < 0).ToList();

        Assert.True(unplaced.Count == 0, $"add to Layouts (and docs/architecture.md): {string.Join(", ", unplaced)}");
    }

    [Theory]
    [MemberData(nameof(Layouts.All), MemberType = typeof(Layouts))]
    public void No_folder_uses_one_beside_or_above_it(string project)
    {
        var layers = Layouts.Named(project);
        var folders = new FolderDependencies(ProductAssemblies.Named(layers.Assembly), layers.RootNamespace);

        var violations =
            from edge in folders.Edges()
            where layers.TierOf(edge.Key.To) >= layers.TierOf(edge.Key.From)
            select $"{edge.Key.From} -> {edge.Key.To} (e.g. {edge.Value})";

        Assert.Empty(violations);
    }

    [Theory]
    [MemberData(nameof(Layouts.All), MemberType = typeof(Layouts))]
    public void Root_types_stand_where_the_layers_say(string project)
    {
        var layers = Layouts.Named(project);
        var folders = new FolderDependencies(ProductAssemblies.Named(layers.Assembly), layers.RootNamespace);

        var violations = layers.Root switch
        {
            RootPlace.Bottom => folders.Folders.SelectMany(to => folders.RootTypesUsing(to).Select(type => $"{type} uses {to}")),
            RootPlace.Top => folders.Folders.SelectMany(from => folders.TypesUsingRoot(from).Select(type => $"{type} uses the root")),
            _ => [],
        };

        Assert.Empty(violations);
    }

    [Fact]
    public void The_check_sees_uses_that_are_there()
    {
        // Guards the tests above against passing vacuously: the server's composition root uses the layers it composes,
        // the command line's root uses its features, and a feature uses its shared folder.
        var server = new FolderDependencies(ProductAssemblies.Named("Parley.Server"), "Parley.Server");
        var cli = new FolderDependencies(ProductAssemblies.Named(ProjectLayers.CommandLineAssembly), "Parley.Cli");

        Assert.NotEmpty(server.TypesUsing("Hosting", "Transports"));
        Assert.NotEmpty(server.TypesUsing("Transports", "Sessions"));
        Assert.NotEmpty(cli.TypesUsing("Chat", "Common"));
        Assert.NotEmpty(server.RootTypesUsing("Sessions").Concat(server.TypesUsingRoot("Hosting")));
    }
}
