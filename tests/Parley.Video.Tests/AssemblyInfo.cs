// Test classes run one after another: most start ffmpeg, the machine has two cores, and parallel
// encodes only make every test slower.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
