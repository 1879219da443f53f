namespace Parley.Streaming.Tests.Support;

/// <summary>Command lines for ./parley against the shared server.</summary>
internal static class ParleyCli
{
    public const string Viewer = "cli-viewer";

    public static string[] Play(StreamingServer server, params string[] extra) =>
        ["play", TestMedia.Video, "--server", server.Address, "--name", Viewer, .. extra];

    public static string[] Client(StreamingServer server, string command, params string[] extra) =>
        [command, .. extra, "--server", server.Address, "--name", Viewer];
}
