using System.CommandLine;
using System.Globalization;
using Parley.Bench.Processes;

namespace Parley.Bench.Video;

/// <summary>The video scenarios' commands: <c>video-http</c>, <c>video-viewers</c>, <c>video-first-segment</c>, <c>video-chat</c>.</summary>
internal static class VideoCommands
{
    private static Option<int> VideoSeconds() =>
        new("--video-seconds") { Description = "Length of the generated 3-rendition video (cached in the temp dir per length)", DefaultValueFactory = _ => 20 };

    public static Command Http()
    {
        var video = VideoSeconds();
        var rounds = new Option<int>("--rounds") { Description = "Rounds, each running wrk once against every server and file", DefaultValueFactory = _ => 3 };
        var seconds = new Option<int>("--seconds") { Description = "wrk duration per run", DefaultValueFactory = _ => 10 };
        var threads = new Option<int>("--threads") { Description = "wrk threads", DefaultValueFactory = _ => 2 };
        var connections = new Option<int>("--connections") { Description = "wrk connections", DefaultValueFactory = _ => 32 };
        var noPlaylist = new Option<bool>("--no-playlist") { Description = "Skip the small-file (media playlist) rows" };
        var command = new Command("video-http", "HLS segment serving over HTTP: Parley's endpoint vs nginx (sendfile on and off) on the same files, same wrk")
        {
            video, rounds, seconds, threads, connections, noPlaylist,
        };
        command.SetAction((parse, ct) => VideoHttpScenario.RunAsync(
            new VideoHttpSettings(
                Math.Clamp(parse.GetValue(video), 4, 600),
                Math.Clamp(parse.GetValue(rounds), 1, 20),
                Math.Clamp(parse.GetValue(seconds), 1, 120),
                Math.Clamp(parse.GetValue(threads), 1, 16),
                Math.Clamp(parse.GetValue(connections), 1, 4000),
                !parse.GetValue(noPlaylist)),
            ct));
        return command;
    }

    public static Command Viewers()
    {
        var video = VideoSeconds();
        var steps = new Option<string>("--viewers") { Description = "Comma-separated viewer counts, ramped up; stops after the first with a stall (at most 2,000)", DefaultValueFactory = _ => "10,25,50,100,200" };
        var buffer = new Option<double>("--buffer-target") { Description = "Seconds a viewer fetches ahead of its play position", DefaultValueFactory = _ => 4 };
        var stagger = new Option<double>("--stagger") { Description = "Viewers' start times spread over this many seconds", DefaultValueFactory = _ => 2 };
        var rounds = new Option<int>("--rounds") { Description = "Ramps per server build, alternating builds (reversed order every other round)", DefaultValueFactory = _ => 1 };
        var insecure = Program.InsecureOption();
        var baseline = Program.BaselineBuildOption();
        var command = new Command("video-viewers", "Concurrent real-time viewers of the 1080p rendition over the Parley protocol, until one stalls; this build vs --baseline-build")
        {
            video, steps, buffer, stagger, rounds, insecure, baseline,
        };
        command.SetAction((parse, ct) => VideoViewersScenario.RunAsync(
            new VideoViewersSettings(
                Math.Clamp(parse.GetValue(video), 4, 600),
                [.. (parse.GetValue(steps) ?? "10").Split(',', StringSplitOptions.RemoveEmptyEntries).Select(s => Math.Clamp(int.Parse(s, CultureInfo.InvariantCulture), 1, 2000)).Distinct()],
                TimeSpan.FromSeconds(Math.Max(0, parse.GetValue(buffer))),
                TimeSpan.FromSeconds(Math.Max(0, parse.GetValue(stagger))),
                parse.GetValue(insecure)),
            Program.Baseline(parse.GetValue(baseline)) is { } other ? [ServerBuild.Current, other] : [ServerBuild.Current],
            Math.Clamp(parse.GetValue(rounds), 1, 20),
            ct));
        return command;
    }

    public static Command FirstSegment()
    {
        var video = VideoSeconds();
        var runs = new Option<int>("--runs") { Description = "Measured runs (after 3 warm-up runs)", DefaultValueFactory = _ => 20 };
        var height = new Option<int>("--quality") { Description = "Rendition height", DefaultValueFactory = _ => 240 };
        var command = new Command("video-first-segment", "Time from a fresh connection (login included) to the last byte of the first segment")
        {
            video, runs, height,
        };
        command.SetAction((parse, ct) => FirstSegmentScenario.RunAsync(
            Math.Clamp(parse.GetValue(video), 4, 600), Math.Clamp(parse.GetValue(runs), 1, 1000), parse.GetValue(height), ct));
        return command;
    }

    public static Command Chat()
    {
        var video = VideoSeconds();
        var messages = new Option<int>("--messages") { Description = "Messages measured per row (one at a time)", DefaultValueFactory = _ => 200 };
        var gap = new Option<int>("--gap-ms") { Description = "Pause between messages", DefaultValueFactory = _ => 25 };
        var caps = new Option<string>("--caps") { Description = "Comma-separated read caps in bytes/s (suffix k, M: 1024s), one capped row each", DefaultValueFactory = _ => "1M,256k" };
        var command = new Command("video-chat", "Chat message latency to a viewer whose connection streams the 1080p rendition (idle, full speed, capped)")
        {
            video, messages, gap, caps,
        };
        command.SetAction((parse, ct) => ChatWhileStreamingScenario.RunAsync(
            Math.Clamp(parse.GetValue(video), 4, 600),
            Math.Clamp(parse.GetValue(messages), 1, 100_000),
            TimeSpan.FromMilliseconds(Math.Clamp(parse.GetValue(gap), 0, 10_000)),
            [.. (parse.GetValue(caps) ?? string.Empty).Split(',', StringSplitOptions.RemoveEmptyEntries).Select(ByteRate)],
            ct));
        return command;
    }

    private static long ByteRate(string text)
    {
        var multiplier = char.ToUpperInvariant(text[^1]) switch
        {
            'K' => 1024L,
            'M' => 1024L * 1024,
            _ => 1L,
        };
        var digits = multiplier == 1 ? text : text[..^1];
        return long.Parse(digits, CultureInfo.InvariantCulture) * multiplier;
    }
}
