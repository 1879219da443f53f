using Parley.Cli.Video;
using Parley.Client;

namespace Parley.Cli.Chat;

/// <summary>
/// Chat's /videos, /play and /stop. /play checks the name and quality, then streams the video into a
/// player (ffplay, else mpv) in the background, so messages keep arriving and commands keep running while
/// it plays; one video at a time. Leaving the chat stops the player.
/// </summary>
internal sealed class ChatVideos : IAsyncDisposable
{
    private const string Usage = "usage: /play NAME [QUALITY], QUALITY being auto (the default), thirds or a height such as 720; /videos lists the names";

    private readonly ParleyClient _client;
    private readonly IChatConsole _console;
    private readonly string _server;
    private readonly Lock _lock = new();
    private Playback? _playing;

    public ChatVideos(ParleyClient client, IChatConsole console, string server)
    {
        _client = client;
        _console = console;
        _server = server;
    }

    /// <summary>/videos: the same lines as `parley videos`.</summary>
    public async Task ListAsync(CancellationToken ct)
    {
        var videos = await _client.ListVideosAsync(ct);
        _console.Print(videos.Count == 0 ? [VideoListing.Empty] : ["videos:", .. VideoListing.Lines(videos)]);
    }

    /// <summary>/play NAME [QUALITY]: returns once the player runs (or the one-line reason it does not).</summary>
    public async Task PlayAsync(string arguments, CancellationToken ct)
    {
        var words = arguments.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (words.Length is 0 or > 2)
        {
            _console.Print(Usage);
            return;
        }

        var (video, quality) = (words[0], words.Length == 2 ? words[1] : "auto");
        if (!QualityChoice.TryParse(quality, out var mode, out var height))
        {
            _console.Warn($"! '{quality}' is not a quality: use auto, thirds or a height such as 720");
            return;
        }

        if (Current is { } current)
        {
            _console.Print($"already playing {current.Video}; close its player or type /stop first");
            return;
        }

        PlaybackPlan plan;
        try
        {
            // Checked before a player starts, so a wrong name or height is one line and no window flashes up.
            plan = PlaybackPlan.For(
                await _client.DescribeVideoAsync(video, ct),
                new PlaybackRequest(video) { Quality = mode, Height = height });
        }
        catch (VideoException ex)
        {
            _console.Warn("! " + ex.Message);
            return;
        }

        if (VideoPlayer.Find(VideoPlayer.Known) is not { } playerPath)
        {
            _console.Warn(
                "! no video player found: install ffplay (apt install ffmpeg) or mpv (apt install mpv), "
                + $"or save the video to a file with: parley play {video} --server {_server} --name {_client.Name} --output {video}.ts");
            return;
        }

        _console.Print($"playing {video} ({QualityWords(quality)}) in {Path.GetFileName(playerPath)}; /stop ends it");
        var playback = new Playback(video, CancellationTokenSource.CreateLinkedTokenSource(ct));
        playback.Run = Task.Run(() => PlayAsync(playback, plan, playerPath), CancellationToken.None);
        lock (_lock)
        {
            _playing?.Cancellation.Dispose(); // it has finished: Current was null
            _playing = playback;
        }
    }

    /// <summary>/stop: ends the video playing now, closing its player.</summary>
    public async Task StopAsync()
    {
        if (Current is not { } playing)
        {
            _console.Print("no video is playing");
            return;
        }

        await playing.StopAsync();
        _console.Print($"play: stopped {playing.Video}");
    }

    public async ValueTask DisposeAsync()
    {
        if (Current is { } playing)
        {
            await playing.StopAsync();
        }

        _playing?.Cancellation.Dispose();
    }

    private Playback? Current
    {
        get
        {
            lock (_lock)
            {
                return _playing is { Run.IsCompleted: false } ? _playing : null;
            }
        }
    }

    private static string QualityWords(string quality) => quality.Trim().ToLowerInvariant() switch
    {
        "auto" => "auto quality",
        "thirds" => "thirds",
        var height => height.TrimEnd('p') + "p",
    };

    private async Task PlayAsync(Playback playback, PlaybackPlan plan, string playerPath)
    {
        try
        {
            var result = await PlayerPlayback.RunAsync(
                _client, plan, playback.Video, playerPath, line => _console.Print(line), progress: null, stopPlayerOnCancel: true, playback.Cancellation.Token);
            if (result is not null)
            {
                _console.Print(PlaybackSummary.Of(result, PlaybackSummary.PlayerTarget(playerPath)));
            }
        }
        catch (OperationCanceledException) when (playback.Cancellation.IsCancellationRequested)
        {
            // /stop, or the chat is ending: whoever stopped it says so.
        }
        catch (Exception ex) when (ex is PlayerFailedException or VideoException or ParleyException)
        {
            _console.Warn($"! play of {playback.Video} stopped: {ex.Message}");
        }
    }

    private sealed class Playback(string video, CancellationTokenSource cancellation)
    {
        public string Video { get; } = video;

        public CancellationTokenSource Cancellation { get; } = cancellation;

        public Task Run { get; set; } = Task.CompletedTask;

        /// <summary>Cancels it (which ends its player) and waits until it has finished.</summary>
        public async Task StopAsync()
        {
            await Cancellation.CancelAsync();
            await Run;
        }
    }
}
