namespace Parley.Media.Tools;

/// <summary>ffmpeg or ffprobe could not be started at the configured path.</summary>
internal sealed class ToolNotFoundException(string tool, string path, Exception inner)
    : Exception($"{tool} not found (tried '{path}')", inner)
{
    public string Tool { get; } = tool;
}
