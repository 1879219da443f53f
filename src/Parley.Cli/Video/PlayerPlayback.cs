using Parley.Client;

namespace Parley.Cli.Video;

/// <summary>
/// Streams a planned video into a player (ffplay or mpv) that it starts, until the end of the video, the
/// viewer closing the player, or cancellation. Shared by `parley play` and chat's /play.
/// </summary>
internal static class PlayerPlayback
{
    /// <param name="showLine">Gets what the player prints, and the line saying it was closed early (raw: the sink makes it safe).</param>
    /// <param name="stopPlayerOnCancel">
    /// On cancellation, end the player at once rather than let it show what it has. `parley play` leaves it: a Ctrl+C
    /// in the terminal reaches the player too. Chat reads Ctrl+C as a key, so it stops its player itself.
    /// </param>
    /// <returns>Null when the player was closed before the end of the video (already said with <paramref name="showLine"/>).</returns>
    /// <exception cref="PlayerFailedException">The player could not start, or ended with an error.</exception>
    /// <exception cref="VideoException">The server refused a segment.</exception>
    public static async Task<PlaybackResult?> RunAsync(
        ParleyClient client,
        PlaybackPlan plan,
        string video,
        string playerPath,
        Action<string> showLine,
        IProgress<PlaybackProgress>? progress,
        bool stopPlayerOnCancel,
        CancellationToken ct)
    {
        await using var player = VideoPlayer.Start(playerPath, "parley: " + video, showLine);
        // Also while the player shows the last seconds it has, after the stream ended.
        using var stopping = stopPlayerOnCancel ? ct.Register(player.Stop) : default;
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
        if (stopPlayerOnCancel)
        {
            // Ended by us, not by the viewer or a failure.
            ct.ThrowIfCancellationRequested();
        }

        if (!player.EndedNormally(exitCode))
        {
            throw new PlayerFailedException(player.Failure(exitCode, played is not null));
        }

        if (played is null)
        {
            showLine(PlaybackSummary.PlayerClosedEarly);
        }

        return played;
    }
}
