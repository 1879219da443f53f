namespace Parley.Video.Tests;

/// <summary>Tests that need the test media share one copy, made once per run.</summary>
[CollectionDefinition(Name)]
public sealed class MediaCollection : ICollectionFixture<MediaFixture>
{
    public const string Name = "media";
}
