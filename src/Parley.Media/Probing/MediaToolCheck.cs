using Microsoft.Extensions.Logging;
using Parley.Media.Tools;

namespace Parley.Media.Probing;

/// <summary>Whether ffmpeg and ffprobe run: checked on the first scan and on every scan after while they do not.</summary>
internal sealed class MediaToolCheck(string ffmpeg, string ffprobe, ILogger logger)
{
    private bool _checked;

    /// <summary>Why videos cannot be prepared (a tool missing or broken), or null.</summary>
    public string? Problem { get; private set; }

    public async Task RefreshAsync(CancellationToken ct)
    {
        if (_checked && Problem is null)
        {
            return;
        }

        var before = Problem;
        Problem = null;
        foreach (var (tool, path) in new[] { ("ffmpeg", ffmpeg), ("ffprobe", ffprobe) })
        {
            try
            {
                var result = await ToolRunner.RunAsync(tool, path, ["-version"], null, null, ct);
                if (result.ExitCode != 0)
                {
                    Problem = $"{tool} does not work ('{path} -version' exited with code {result.ExitCode})";
                    break;
                }
            }
            catch (ToolNotFoundException e)
            {
                Problem = e.Message;
                break;
            }
        }

        _checked = true;
        if (Problem is not null && Problem != before)
        {
            logger.ToolsMissing(Problem);
        }
        else if (Problem is null && before is not null)
        {
            logger.ToolsFound();
        }
    }
}
