namespace Parley.Media.Library;

/// <summary>Work for the packaging queue: package one rendition file (<paramref name="Height"/>), or transcode the ladder from the lone source (null).</summary>
internal sealed record VideoJob(VideoSlot Slot, int? Height);
