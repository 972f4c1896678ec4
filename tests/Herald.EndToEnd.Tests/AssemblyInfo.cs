// Each test drives a whole Herald process at full speed and measures where a SIGKILL lands: running two at once
// on a small machine would only blur that, so the tests of this assembly run one after the other.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
