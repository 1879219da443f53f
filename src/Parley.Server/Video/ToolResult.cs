namespace Parley.Server.Video;

/// <summary>What a finished ffmpeg/ffprobe run printed.</summary>
internal sealed record ToolResult(int ExitCode, string StandardOutput, string StandardError);
