using System.Text.RegularExpressions;
using UcStack.Client.Demo;

namespace UcStack.Client.Tests.Demo;

/// <summary>
/// The demo as CI runs it: <c>ucstack-client demo</c> as a process, which starts the sample server and two clients
/// as processes of its own on loopback. Steps the server supports today must pass; a step may otherwise only be
/// reported "not available in this server" (or skipped because such a step did not pass), never as an ordinary
/// failure; and the exit code is 0 exactly when every step passed. As the server gains TURN, the focus and Psom,
/// those steps start passing and the test then holds them to it.
/// </summary>
[TestFixture]
public sealed partial class DemoEndToEndTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromMinutes(4);

    private static readonly string[] MustPass = ["server", "register over TLS", "session over TCP", "presence", "IM both ways"];

    [GeneratedRegex(@"^  (?<mark>PASS|FAIL|N/A |SKIP) \[(?<n>\d+)\] (?<name>.+?)(?: - (?<detail>.*))?$")]
    private static partial Regex SummaryLine();

    [Test]
    public async Task Demo_ThreeProcesses_PassesEverythingTheServerOffers()
    {
        using var cts = new CancellationTokenSource(Bound);
        var demo = ChildProcess.StartDotnet("demo", FindClient(), ["demo", "--step-timeout", "30"]);
        int exitCode;
        IReadOnlyList<string> lines;
        try
        {
            exitCode = await demo.WaitForExitAsync(Bound, cts.Token);
            lines = demo.Lines;
        }
        finally
        {
            await demo.DisposeAsync();
        }

        var transcript = string.Join("\n", lines) + "\n" + demo.ErrorTail;
        var summary = lines.SkipWhile(l => l != "summary:").Skip(1).Select(l => SummaryLine().Match(l)).Where(m => m.Success).ToList();
        Assert.That(summary, Has.Count.EqualTo(13), transcript);
        var steps = summary.ToDictionary(m => m.Groups["name"].Value, m => (Mark: m.Groups["mark"].Value.Trim(), Detail: m.Groups["detail"].Value));

        foreach (var name in MustPass) Assert.That(steps[name].Mark, Is.EqualTo("PASS"), $"step {name}\n{transcript}");
        Assert.That(steps.Keys.Any(k => k.StartsWith("SRTP call", StringComparison.Ordinal) && steps[k].Mark == "PASS"), Is.True, transcript);
        foreach (var (name, (mark, detail)) in steps)
        {
            Assert.That(mark, Is.Not.EqualTo("FAIL"), $"step {name} failed: {detail}\n{transcript}");
            if (mark == "N/A") Assert.That(detail, Does.StartWith("not available in this server"), transcript);
        }

        var allPassed = steps.Values.All(s => s.Mark == "PASS");
        Assert.That(exitCode, Is.EqualTo(allPassed ? 0 : 1), transcript);
        Assert.That(lines[^1], allPassed ? Does.StartWith("demo passed: all 13 steps succeeded") : Does.StartWith("demo FAILED:"), transcript);
    }

    /// <summary>The client's build output in the same configuration as this test assembly.</summary>
    private static string FindClient()
    {
        var baseDirectory = AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar);
        var targetFramework = Path.GetFileName(baseDirectory);
        var configuration = Path.GetFileName(Path.GetDirectoryName(baseDirectory))!;
        for (var directory = new DirectoryInfo(baseDirectory); directory is not null; directory = directory.Parent)
        {
            var candidate = Path.Combine(directory.FullName, "samples", "UcStack.Client", "bin", configuration, targetFramework, "ucstack-client.dll");
            if (File.Exists(candidate)) return candidate;
        }

        throw new FileNotFoundException("samples/UcStack.Client is not built");
    }
}
