namespace Parley.Media.Tools;

/// <summary>What a finished ffmpeg/ffprobe run printed.</summary>
internal sealed record ToolResult(int ExitCode, string StandardOutput, string StandardError);
