using System.Globalization;
using System.Text.Json;
using Parley.Media.Tools;

namespace Parley.Media.Probing;

/// <summary>Runs ffprobe (-print_format json -show_format -show_streams) and reads what the library needs.</summary>
internal static class MediaProbe
{
    /// <exception cref="ToolNotFoundException">ffprobe is missing.</exception>
    /// <exception cref="ToolFailedException">ffprobe cannot read the file, or it has no video stream.</exception>
    public static async Task<ProbeResult> ProbeAsync(string ffprobe, string path, CancellationToken ct)
    {
        var result = await ToolRunner.RunAsync(
            "ffprobe",
            ffprobe,
            ["-v", "error", "-print_format", "json", "-show_format", "-show_streams", path],
            workingDirectory: null,
            onOutputLine: null,
            ct);
        if (result.ExitCode != 0)
        {
            throw new ToolFailedException("ffprobe cannot read the file: " + ToolRunner.ErrorSummary(result, "ffprobe", path));
        }

        try
        {
            return Parse(result.StandardOutput);
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or FormatException or KeyNotFoundException)
        {
            throw new ToolFailedException($"ffprobe output not understood: {e.Message}");
        }
    }

    internal static ProbeResult Parse(string json)
    {
        using var document = JsonDocument.Parse(json);
        var root = document.RootElement;
        JsonElement? video = null;
        JsonElement? audio = null;
        if (root.TryGetProperty("streams", out var streams))
        {
            foreach (var stream in streams.EnumerateArray())
            {
                var type = Text(stream, "codec_type");
                if (type == "video" && video is null && !IsAttachedPicture(stream))
                {
                    video = stream;
                }
                else if (type == "audio" && audio is null)
                {
                    audio = stream;
                }
            }
        }

        if (video is not { } v)
        {
            throw new ToolFailedException("the file has no video stream");
        }

        root.TryGetProperty("format", out var format);
        var seconds = Number(format, "duration") ?? Number(v, "duration") ?? 0;
        var bitrate = Number(format, "bit_rate") ?? Number(v, "bit_rate") ?? 0;
        return new ProbeResult(
            Duration: TimeSpan.FromSeconds(seconds),
            BitrateBps: (long)bitrate,
            Width: (int)(Number(v, "width") ?? 0),
            Height: (int)(Number(v, "height") ?? 0),
            FrameRate: Rate(Text(v, "avg_frame_rate")) ?? Rate(Text(v, "r_frame_rate")) ?? 0,
            VideoCodec: Text(v, "codec_name") ?? "unknown",
            VideoProfile: Text(v, "profile"),
            VideoLevel: Number(v, "level") is { } level && level > 0 ? (int)level : null,
            AudioCodec: audio is { } a ? Text(a, "codec_name") : null,
            AudioProfile: audio is { } p ? Text(p, "profile") : null);
    }

    private static bool IsAttachedPicture(JsonElement stream) =>
        stream.TryGetProperty("disposition", out var disposition)
        && disposition.TryGetProperty("attached_pic", out var flag)
        && flag.ValueKind == JsonValueKind.Number
        && flag.GetInt32() == 1;

    private static string? Text(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : null;

    private static double? Number(JsonElement element, string name)
    {
        if (element.ValueKind != JsonValueKind.Object || !element.TryGetProperty(name, out var value))
        {
            return null;
        }

        if (value.ValueKind == JsonValueKind.Number)
        {
            return value.GetDouble();
        }

        return value.ValueKind == JsonValueKind.String
            && double.TryParse(value.GetString(), NumberStyles.Float, CultureInfo.InvariantCulture, out var parsed)
            ? parsed
            : null;
    }

    /// <summary>"30000/1001" to 29.97; null for "0/0".</summary>
    private static double? Rate(string? fraction)
    {
        if (fraction is null)
        {
            return null;
        }

        var parts = fraction.Split('/');
        if (parts.Length != 2
            || !double.TryParse(parts[0], NumberStyles.Float, CultureInfo.InvariantCulture, out var numerator)
            || !double.TryParse(parts[1], NumberStyles.Float, CultureInfo.InvariantCulture, out var denominator)
            || numerator <= 0 || denominator <= 0)
        {
            return null;
        }

        return Math.Round(numerator / denominator, 3);
    }
}
