using System.CommandLine;
using Parley.Cli.Common;
using Parley.Cli.Output;
using Parley.Client;

namespace Parley.Cli.Video;

/// <summary>`parley videos`: the server's videos with duration, renditions and state; `parley videos url NAME` for HLS players.</summary>
internal static class VideosCommand
{
    public static Command Create()
    {
        var flags = new ClientFlags();
        var json = new Option<bool>("--json") { Description = "One JSON object per video and line" };
        var command = new Command("videos", "List the server's videos: duration, renditions (resolution, bitrate) and state.") { json };
        flags.AddTo(command);

        // `videos url NAME` takes the same --server/--name/--home/--server-fingerprint/--insecure, in front of or after "url".
        flags.Server.Recursive = true;
        flags.Name.Recursive = true;
        flags.Home.Recursive = true;
        flags.ServerFingerprint.Recursive = true;
        flags.Insecure.Recursive = true;
        command.SetAction((parse, _) => ListAsync(flags.ToClientOptions(parse, presence: false), parse.GetValue(json)));
        command.Add(VideoUrlCommand.Create(flags));
        return command;
    }

    private static async Task<int> ListAsync(ParleyClientOptions options, bool json)
    {
        using var signals = new TerminationSignals();
        try
        {
            await using var client = await ParleyClient.ConnectAsync(options, signals.Token);
            var videos = await client.ListVideosAsync(signals.Token);
            if (json)
            {
                foreach (var video in videos)
                {
                    Terminal.Out.Json(VideoJson.Of(video), VideoJsonContext.Default.VideoJson);
                }
            }
            else if (videos.Count == 0)
            {
                Terminal.Out.Line(VideoListing.Empty);
            }
            else
            {
                Terminal.Out.Lines(VideoListing.Lines(videos));
            }

            return ExitCodes.Ok;
        }
        catch (Exception ex) when (ex is OperationCanceledException or ParleyException && signals.Signalled)
        {
            return signals.ExitCode;
        }
        catch (ParleyException ex)
        {
            return ErrorLine.Fail(ex.Message);
        }
    }
}
