using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace UcStack.Tls.Tests.Support;

internal sealed record LogEntry(LogLevel Level, EventId EventId, string Message);

/// <summary>An ILogger that keeps what it is told, for assertions.</summary>
internal sealed class TestLogger<T> : ILogger<T>
{
    private readonly ConcurrentQueue<LogEntry> _entries = new();

    public IReadOnlyList<LogEntry> Entries => [.. _entries];

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        _entries.Enqueue(new LogEntry(logLevel, eventId, formatter(state, exception)));
    }
}
