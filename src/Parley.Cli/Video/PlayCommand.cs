using System.CommandLine;
using System.Globalization;
using Parley.Cli.Common;
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
        var start = new Option<double>("--start")
        {
            HelpName = "SECONDS",
            Description = "Start at this time, in seconds (e.g. 90 or 12.5)",
            CustomParser = NumberParsers.NonNegativeSeconds,
        };
        var output = new Option<string?>("--output", "-o")
        {
            HelpName = "FILE|-",
            Description = "Write the MPEG-TS stream to FILE, or to stdout with - (default: play it with --player). "
                + "A device or FIFO is written in place. If the reader of stdout or a FIFO stops early (| head), "
                + "play stops, says how much it wrote, and exits 0, as when a player is closed early",
        };
        output.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<string?>() is { } path && path != "-" && !OutputFile.TryResolve(path, out _, out var problem))
            {
                result.AddError(problem);
            }
        });
        var player = new Option<string?>("--player") { HelpName = "ffplay|mpv", Description = "Player to pipe into [default: ffplay, else mpv]" };
        player.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<string?>() is { } name && !VideoPlayer.Known.Contains(name))
            {
                result.AddError($"--player must be {string.Join(" or ", VideoPlayer.Known)}, got '{name}'");
            }
        });
        var limitRate = new Option<string?>("--limit-rate")
        {
            HelpName = "BYTES_PER_SECOND",
            Description = "Read the video at most this fast, like curl (suffix k, M: 1024s), to watch quality adapt; login is not slowed",
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
        var reconnecting = new Reconnecting();
        reconnecting.AddTo(command);
        command.SetAction((parse, _) =>
        {
            if (!QualityChoice.TryParse(parse.GetValue(quality), out var mode, out var height))
            {
                return Task.FromResult(ExitCodes.Usage);
            }

            long? rate = parse.GetValue(limitRate) is { } text && RateLimit.TryParse(text, out var limit) ? limit : null;
            var request = new PlaybackRequest(parse.GetRequiredValue(video)) { Quality = mode, Height = height, StartSeconds = parse.GetValue(start) };
            var options = reconnecting.Apply(parse, flags.ToClientOptions(parse, presence: false)) with { ReadBytesPerSecond = rate };
            OutputFile? file = null;
            if (parse.GetValue(output) is { } path && path != "-" && !OutputFile.TryResolve(path, out file, out var problem))
            {
                // Checked by the validator already; the file system may have changed since.
                return Task.FromResult(ErrorLine.Fail(problem, ExitCodes.Usage));
            }

            return RunAsync(options, request, parse.GetValue(output), file, parse.GetValue(player));
        });
        return command;
    }

    private static async Task<int> RunAsync(ParleyClientOptions options, PlaybackRequest request, string? output, OutputFile? file, string? playerName)
    {
        string? playerPath = null;
        if (output is null)
        {
            playerPath = VideoPlayer.Find(playerName is null ? VideoPlayer.Known : [playerName]);
            if (playerPath is null)
            {
                return ErrorLine.Fail(playerName is null ? VideoPlayer.NoPlayerHint : VideoPlayer.InstallHint(playerName));
            }
        }

        using var signals = new TerminationSignals();
        var progress = PlaybackProgressLine.ForStandardError();
        try
        {
            await using var client = await ParleyClient.ConnectAsync(options, signals.Token);
            var messages = ShowMessagesAsync(client, progress);
            var result = await PlayIntoAsync(client, request, file, playerPath, progress, signals.Token);
            if (result is not null)
            {
                progress.Line(PlaybackSummary.Of(result, Destination(output, playerPath)));
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
            return ErrorLine.Fail(ex.Message);
        }
        catch (VideoException ex)
        {
            progress.Clear();
            return ErrorLine.Fail(ex.Message);
        }
        catch (ParleyException ex)
        {
            return ErrorLine.Fail(ex.Message);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return ErrorLine.Fail($"cannot write to {Destination(output, playerPath)}: {ex.Message}");
        }
    }

    /// <returns>Null when the player or the reader of the output went away before the end (already said).</returns>
    private static async Task<PlaybackResult?> PlayIntoAsync(
        ParleyClient client,
        PlaybackRequest request,
        OutputFile? file,
        string? playerPath,
        PlaybackProgressLine progress,
        CancellationToken ct)
    {
        // Checked before a player or a file exists, so a wrong name, height or start is parley's one
        // error line: no player flashes up and no file is left behind.
        var plan = PlaybackPlan.For(await client.DescribeVideoAsync(request.Video, ct), request);
        if (playerPath is not null)
        {
            return await PlayerPlayback.RunAsync(client, plan, request.Video, playerPath, progress.Line, progress, stopPlayerOnCancel: false, ct);
        }

        if (file is null)
        {
            await using var stdout = OutputStream.StandardOutput();
            return await PlayUnlessClosedAsync(client, plan, stdout, progress, ct);
        }

        return await file.WriteAsync(stream => PlayUnlessClosedAsync(client, plan, stream, progress, ct), ct);
    }

    /// <summary>Plays into <paramref name="destination"/>, stopping at once if its reader goes away (said on stderr; null then).</summary>
    private static async Task<PlaybackResult?> PlayUnlessClosedAsync(
        ParleyClient client,
        PlaybackPlan plan,
        Stream destination,
        PlaybackProgressLine progress,
        CancellationToken ct)
    {
        var output = new OutputStream(destination);
        try
        {
            return await client.PlayVideoAsync(plan, output, progress, ct);
        }
        catch (IOException) when (output.ReaderGone)
        {
            progress.Line(string.Create(
                CultureInfo.InvariantCulture,
                $"play: the output was closed after {output.Written} bytes, before the end of the video"));
            return null;
        }
    }

    private static async Task ShowMessagesAsync(ParleyClient client, PlaybackProgressLine progress)
    {
        await foreach (var e in client.Events.ReadAllAsync())
        {
            switch (e)
            {
                case MessageReceivedEvent received:
                    foreach (var line in MessageLine.Of(received.Message))
                    {
                        progress.Line(line);
                    }

                    break;
                case MessageRejectedEvent rejected:
                    progress.Line($"parley: refused a message from {rejected.From}: {rejected.Reason}");
                    break;
                default:
                    // The stream into the player or file goes on where it stopped once the client is back.
                    if (Reconnecting.Describe(e) is { } said)
                    {
                        progress.Line("play: " + said);
                    }

                    break;
            }
        }
    }

    /// <summary>Where the video went, for the summary and error lines: the file as given, stdout, or the player by name.</summary>
    private static string Destination(string? output, string? playerPath) => output switch
    {
        null => PlaybackSummary.PlayerTarget(playerPath!),
        "-" => "stdout",
        _ => output,
    };
}
