using System.CommandLine;
using System.Globalization;
using Parley.Cli.Commands;
using Parley.Cli.Output;
using Parley.Client;

namespace Parley.Cli.Video;

/// <summary>
/// `parley play NAME`: streams a video over the Parley connection as one MPEG-TS stream into a
/// file, stdout, or a player (ffplay/mpv), showing progress on stderr; chat messages that arrive
/// meanwhile are shown too.
/// </summary>
internal static class PlayCommand
{
    public static Command Create()
    {
        var flags = new ClientFlags();
        var video = new Argument<string>("NAME") { Description = "The video (see 'parley videos')" };
        var quality = new Option<string>("--quality")
        {
            HelpName = "auto|thirds|HEIGHT",
            Description = QualityChoice.Help,
            DefaultValueFactory = _ => "auto",
        };
        quality.Validators.Add(result =>
        {
            if (!QualityChoice.TryParse(result.GetValueOrDefault<string>(), out _, out _))
            {
                result.AddError($"--quality must be auto, thirds or a height such as 720, got '{result.GetValueOrDefault<string>()}'");
            }
        });
        var start = new Option<double>("--start") { HelpName = "SECONDS", Description = "Start at this time" };
        start.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<double>() is < 0 or double.NaN)
            {
                result.AddError("--start must be a number of seconds, 0 or more");
            }
        });
        var output = new Option<string?>("--output", "-o")
        {
            HelpName = "FILE|-",
            Description = "Write the MPEG-TS stream to FILE, or to stdout with - (default: play it with --player)",
        };
        var player = new Option<string?>("--player") { HelpName = "ffplay|mpv", Description = "Player to pipe into [default: ffplay, else mpv]" };
        player.AcceptOnlyFromAmong(VideoPlayer.Known);
        var limitRate = new Option<string?>("--limit-rate")
        {
            HelpName = "BYTES_PER_SECOND",
            Description = "Read at most this fast, like curl (suffix k, M: 1024s), to watch quality adapt",
        };
        limitRate.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<string?>() is { } text && !RateLimit.TryParse(text, out _))
            {
                result.AddError($"--limit-rate must be a number of bytes per second (e.g. 200000 or 200k), got '{text}'");
            }
        });

        var command = new Command("play", "Stream a video over the Parley connection into a file, stdout or a player.")
        {
            video, quality, start, output, player, limitRate,
        };
        flags.AddTo(command);
        command.SetAction((parse, _) =>
        {
            if (!QualityChoice.TryParse(parse.GetValue(quality), out var mode, out var height))
            {
                return Task.FromResult(ExitCodes.Usage);
            }

            long? rate = parse.GetValue(limitRate) is { } text && RateLimit.TryParse(text, out var limit) ? limit : null;
            var request = new PlaybackRequest(parse.GetRequiredValue(video)) { Quality = mode, Height = height, StartSeconds = parse.GetValue(start) };
            var options = flags.ToClientOptions(parse, presence: false) with { ReadBytesPerSecond = rate };
            return RunAsync(options, request, parse.GetValue(output), parse.GetValue(player));
        });
        return command;
    }

    private static async Task<int> RunAsync(ParleyClientOptions options, PlaybackRequest request, string? output, string? playerName)
    {
        string? playerPath = null;
        if (output is null)
        {
            playerPath = VideoPlayer.Find(playerName is null ? VideoPlayer.Known : [playerName]);
            if (playerPath is null)
            {
                return Commands.Cli.Fail(playerName is null ? VideoPlayer.NoPlayerHint : VideoPlayer.InstallHint(playerName));
            }
        }

        using var signals = new TerminationSignals();
        var progress = PlaybackProgressLine.ForStandardError();
        try
        {
            await using var client = await ParleyClient.ConnectAsync(options, signals.Token);
            var messages = ShowMessagesAsync(client, progress);
            var result = await PlayIntoAsync(client, request, output, playerPath, progress, signals.Token);
            if (result is not null)
            {
                progress.Line(Summary(result, output));
            }

            return ExitCodes.Ok;
        }
        catch (Exception ex) when (ex is OperationCanceledException or ParleyException or PlayerFailedException && signals.Signalled)
        {
            return signals.ExitCode;
        }
        catch (PlayerFailedException ex)
        {
            progress.Clear();
            return Commands.Cli.Fail(ex.Message);
        }
        catch (VideoException ex)
        {
            progress.Clear();
            return Commands.Cli.Fail(ex.Message);
        }
        catch (ParleyException ex)
        {
            return Commands.Cli.Fail(ex.Message);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return Commands.Cli.Fail($"cannot write {output}: {ex.Message}");
        }
    }

    /// <returns>Null when the player was closed before the end.</returns>
    private static async Task<PlaybackResult?> PlayIntoAsync(
        ParleyClient client,
        PlaybackRequest request,
        string? output,
        string? playerPath,
        PlaybackProgressLine progress,
        CancellationToken ct)
    {
        // Checked before a player or a file exists, so a wrong name, height or start is parley's one
        // error line: no player flashes up and no file is left behind.
        var plan = PlaybackPlan.For(await client.DescribeVideoAsync(request.Video, ct), request);
        if (playerPath is not null)
        {
            await using var player = VideoPlayer.Start(playerPath, "parley: " + request.Video, progress.Line);
            PlaybackResult? played = null;
            try
            {
                played = await client.PlayVideoAsync(plan, player.Input, progress, ct);
            }
            catch (IOException)
            {
                // The player stopped reading: the viewer closed it, or it failed; its exit code tells which.
            }

            var exitCode = await player.FinishAsync();
            if (!player.EndedNormally(exitCode))
            {
                throw new PlayerFailedException(player.Failure(exitCode, played is not null));
            }

            if (played is null)
            {
                progress.Line("play: the player was closed before the end of the video");
            }

            return played;
        }

        if (output == "-")
        {
            await using var stdout = Console.OpenStandardOutput();
            return await client.PlayVideoAsync(plan, stdout, progress, ct);
        }

        // Written next to the target and moved into place at the end, so a failed play leaves no half file.
        var partial = output + ".part";
        try
        {
            await using (var file = new FileStream(partial!, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16, useAsync: true))
            {
                var result = await client.PlayVideoAsync(plan, file, progress, ct);
                await file.FlushAsync(ct);
                file.Close();
                File.Move(partial!, output!, overwrite: true);
                return result;
            }
        }
        finally
        {
            File.Delete(partial!);
        }
    }

    private static async Task ShowMessagesAsync(ParleyClient client, PlaybackProgressLine progress)
    {
        await foreach (var e in client.Events.ReadAllAsync())
        {
            switch (e)
            {
                case MessageReceivedEvent received:
                    progress.Line(MessageLine.Of(received.Message));
                    break;
                case MessageRejectedEvent rejected:
                    progress.Line($"parley: refused a message from {SafeText.ForTerminal(rejected.From)}: {rejected.Reason}");
                    break;
            }
        }
    }

    private static string Summary(PlaybackResult result, string? output)
    {
        var heights = string.Join(
            ", ",
            result.Segments.GroupBy(s => s.Height).Select(g => string.Create(CultureInfo.InvariantCulture, $"{g.Key}p x{g.Count()}")));
        var target = output switch
        {
            null => "the player",
            "-" => "stdout",
            _ => output,
        };
        return string.Create(
            CultureInfo.InvariantCulture,
            $"play: {result.Segments.Count} segments, {result.Bytes / 1e6:0.0} MB in {result.Elapsed.TotalSeconds:0.0} s to {target}; renditions {heights}; sequence {string.Join(' ', result.Segments.Select(s => s.Height))}");
    }
}
