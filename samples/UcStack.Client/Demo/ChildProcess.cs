using System.Diagnostics;

namespace UcStack.Client.Demo;

/// <summary>
/// A child process whose standard output is kept line by line, so the demo can send it commands and wait for the
/// lines it expects. Disposal kills it (and its children) if it has not exited, whatever happened before.
/// </summary>
internal sealed class ChildProcess : IAsyncDisposable
{
    private const int MaxLines = 10_000;
    private readonly Process _process;
    private readonly List<string> _lines = [];
    private readonly Lock _gate = new();
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private bool _exited;

    private ChildProcess(string name, Process process)
    {
        Name = name;
        _process = process;
    }

    /// <summary>The name used in the narration.</summary>
    public string Name { get; }

    /// <summary>How many lines it printed so far (a position to wait from).</summary>
    public int LineCount
    {
        get
        {
            lock (_gate) return _lines.Count;
        }
    }

    /// <summary>Whether it has exited.</summary>
    public bool HasExited => _process.HasExited;

    /// <summary>Standard error, for the failure report.</summary>
    public string ErrorTail { get; private set; } = string.Empty;

    /// <summary>Starts <c>dotnet &lt;dll&gt; args</c>.</summary>
    /// <exception cref="InvalidOperationException">The process could not be started.</exception>
    public static ChildProcess StartDotnet(string name, string dll, IEnumerable<string> arguments)
    {
        // The dotnet CLI tells its children where the host is; otherwise "dotnet" from the PATH.
        var host = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } path && File.Exists(path) ? path : "dotnet";
        var info = new ProcessStartInfo(host)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Path.GetDirectoryName(dll)!,
        };
        info.ArgumentList.Add(dll);
        foreach (var argument in arguments) info.ArgumentList.Add(argument);
        var process = new Process { StartInfo = info, EnableRaisingEvents = true };
        var child = new ChildProcess(name, process);
        process.OutputDataReceived += (_, e) => child.OnLine(e.Data);
        process.ErrorDataReceived += (_, e) => child.OnError(e.Data);
        try
        {
            if (!process.Start()) throw new InvalidOperationException($"{name}: the process did not start");
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            process.Dispose();
            throw new InvalidOperationException($"{name}: cannot start {host}: {e.Message}", e);
        }

        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return child;
    }

    /// <summary>Writes one line to its standard input.</summary>
    public async Task SendAsync(string line)
    {
        await _process.StandardInput.WriteLineAsync(line).ConfigureAwait(false);
        await _process.StandardInput.FlushAsync().ConfigureAwait(false);
    }

    /// <summary>Waits for the first line at or after <paramref name="from"/> that <paramref name="match"/> accepts.</summary>
    /// <returns>The line and its position.</returns>
    /// <exception cref="TimeoutException">None within <paramref name="timeout"/>, or the process exited first.</exception>
    public async Task<(string Line, int Index)> WaitForLineAsync(Func<string, bool> match, int from, TimeSpan timeout, string what, CancellationToken cancellationToken)
    {
        using var bound = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        bound.CancelAfter(timeout);
        var next = from;
        while (true)
        {
            Task changed;
            lock (_gate)
            {
                for (; next < _lines.Count; next++)
                {
                    if (match(_lines[next])) return (_lines[next], next);
                }

                if (_exited) throw new TimeoutException($"{Name} exited before {what}: {ErrorTail.Trim()}");
                changed = _changed.Task;
            }

            try
            {
                await changed.WaitAsync(bound.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                string recent;
                lock (_gate) recent = string.Join(" | ", _lines.Skip(Math.Max(from, _lines.Count - 3)));
                throw new TimeoutException($"{Name}: no {what} within {timeout.TotalSeconds:F0} s (last lines: {recent})");
            }
        }
    }

    /// <summary>Kills it (and its children) if it is still running.</summary>
    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                using var bound = new CancellationTokenSource(TimeSpan.FromSeconds(10));
                await _process.WaitForExitAsync(bound.Token).ConfigureAwait(false);
            }
        }
        catch (Exception e) when (e is InvalidOperationException or OperationCanceledException or System.ComponentModel.Win32Exception)
        {
            // Already gone, or it would not die in time: nothing more we can do from here.
        }
        finally
        {
            _process.Dispose();
        }
    }

    /// <summary>Waits until it exits by itself.</summary>
    /// <returns>Its exit code.</returns>
    /// <exception cref="TimeoutException">It still runs after <paramref name="timeout"/>.</exception>
    public async Task<int> WaitForExitAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var bound = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        bound.CancelAfter(timeout);
        try
        {
            await _process.WaitForExitAsync(bound.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException($"{Name} still runs after {timeout.TotalSeconds:F0} s");
        }

        return _process.ExitCode;
    }

    /// <summary>Every line it printed so far.</summary>
    public IReadOnlyList<string> Lines
    {
        get
        {
            lock (_gate) return [.. _lines];
        }
    }

    /// <summary>Asks it to leave by itself (a line on its input), waiting at most <paramref name="grace"/>.</summary>
    public async Task<bool> QuitAsync(string quitLine, TimeSpan grace)
    {
        if (_process.HasExited) return true;
        try
        {
            await SendAsync(quitLine).ConfigureAwait(false);
            using var bound = new CancellationTokenSource(grace);
            await _process.WaitForExitAsync(bound.Token).ConfigureAwait(false);
            return true;
        }
        catch (Exception e) when (e is IOException or OperationCanceledException or InvalidOperationException)
        {
            return false;
        }
    }

    private void OnLine(string? line)
    {
        TaskCompletionSource changed;
        lock (_gate)
        {
            if (line is null) _exited = true;
            else if (_lines.Count < MaxLines) _lines.Add(line);
            changed = _changed;
            _changed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        changed.TrySetResult();
    }

    private void OnError(string? line)
    {
        if (line is null) return;
        lock (_gate)
        {
            // Keep the last few kilobytes only: enough to say why a child failed.
            var tail = ErrorTail + line + "\n";
            ErrorTail = tail.Length > 4096 ? tail[^4096..] : tail;
        }
    }
}
