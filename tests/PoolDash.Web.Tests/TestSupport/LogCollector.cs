using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace PoolDash.Web.Tests.TestSupport;

/// <summary>Every message the app logs, at every level, for tests that check what must never be logged.</summary>
internal sealed class LogCollector : ILoggerProvider
{
    public ConcurrentQueue<string> Messages { get; } = new();

    public ILogger CreateLogger(string categoryName) => new Collecting(this);

    public void Dispose()
    {
    }

    private sealed class Collecting(LogCollector collector) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            collector.Messages.Enqueue(formatter(state, exception));
    }
}
