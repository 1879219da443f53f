using System.CommandLine;
using System.Globalization;
using Parley.Cli.Common;
using Parley.Cli.Output;
using Parley.Client;

namespace Parley.Cli.Video;

/// <summary>`parley videos url NAME`: prints a tokenized HLS URL any HLS player can open.</summary>
internal static class VideoUrlCommand
{
    /// <param name="flags">The parent `videos` command's recursive --server/--name/--home.</param>
    public static Command Create(ClientFlags flags)
    {
        var video = new Argument<string>("NAME") { Description = "The video" };
        var command = new Command("url", "Print a tokenized HLS URL for a video for ffplay, mpv, VLC or a browser player; it works for an hour plus the video's length, across server restarts.") { video };
        command.SetAction((parse, _) => RunAsync(flags.ToClientOptions(parse, presence: false), parse.GetRequiredValue(video)));
        return command;
    }

    private static async Task<int> RunAsync(ParleyClientOptions options, string video)
    {
        using var signals = new TerminationSignals();
        try
        {
            await using var client = await ParleyClient.ConnectAsync(options, signals.Token);
            var grant = await client.RequestVideoUrlAsync(video, signals.Token);
            var url = grant.Url.AbsoluteUri;
            Terminal.Out.Line(url);
            var validUntil = string.Create(CultureInfo.InvariantCulture, $"valid until {grant.ExpiresAt.ToLocalTime():yyyy-MM-dd HH:mm:ss}");
            Terminal.Error.Line(PastableUrl.IsSafe(url) ? $"{validUntil}; try: ffplay '{url}'" : validUntil);
            return ExitCodes.Ok;
        }
        catch (Exception ex) when (ex is OperationCanceledException or ParleyException && signals.Signalled)
        {
            return signals.ExitCode;
        }
        catch (VideoException ex)
        {
            return ErrorLine.Fail(ex.Message);
        }
        catch (ParleyException ex)
        {
            return ErrorLine.Fail(ex.Message);
        }
    }
}
