using BenchmarkDotNet.Running;

BenchmarkSwitcher.FromAssembly(typeof(PoolDash.Bench.LivenessBenchmarks).Assembly).Run(args);
