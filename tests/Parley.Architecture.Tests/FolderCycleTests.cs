namespace Parley.Architecture.Tests;

/// <summary>The client library's and the command line's folders use each other without loops.</summary>
public sealed class FolderCycleTests
{
    [Theory]
    [InlineData("Parley.Client", "Parley.Client")]
    [InlineData(ProjectLayers.CommandLineAssembly, "Parley.Cli")]
    [InlineData("Parley.Server", "Parley.Server")]
    [InlineData("Parley.Crypto", "Parley.Crypto")]
    [InlineData("Parley.Protocol", "Parley.Protocol")]
    public void Folders_use_each_other_without_a_cycle(string assembly, string rootNamespace)
    {
        var folders = new FolderDependencies(ProductAssemblies.Named(assembly), rootNamespace);
        var cycle = FolderCycle.Find(folders.Edges());

        Assert.True(cycle is null, $"{assembly} folders loop: {cycle}");
    }

    [Fact]
    public void A_loop_is_found_and_shown()
    {
        var edges = new Dictionary<(string From, string To), string>
        {
            [("Chat", "Video")] = "Parley.Cli.Chat.ChatSession",
            [("Video", "Shared")] = "Parley.Cli.Video.PlayCommand",
            [("Shared", "Chat")] = "Parley.Cli.Shared.Flags",
        };

        Assert.Equal(
            "Chat -> Video (Parley.Cli.Chat.ChatSession) -> Shared (Parley.Cli.Video.PlayCommand) -> Chat (Parley.Cli.Shared.Flags)",
            FolderCycle.Find(edges));
        edges.Remove(("Shared", "Chat"));
        Assert.Null(FolderCycle.Find(edges));
    }
}
