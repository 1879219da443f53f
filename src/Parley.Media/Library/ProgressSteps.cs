namespace Parley.Media.Library;

/// <summary>When a long job's progress is worth a log line: once per 10%, and not at 100% (its completion is logged).</summary>
internal static class ProgressSteps
{
    public static bool IsNextTenth(int previous, int percent) => percent / 10 > previous / 10 && percent < 100;
}
