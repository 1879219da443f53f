namespace Parley.Media.Tools;

/// <summary>ffmpeg or ffprobe ran but failed; the message is its last error line, fit to show a user.</summary>
internal sealed class ToolFailedException(string message) : Exception(message);
