using SharpFuzz;

namespace UcStack.Fuzz;

/// <summary>
/// Command line: <c>list</c>; <c>&lt;target&gt;</c> runs one target under AFL (SharpFuzz's in-process fork server;
/// outside afl-fuzz it runs stdin once); <c>&lt;target&gt; --replay &lt;file-or-dir&gt;...</c> runs saved inputs without
/// AFL; <c>seeds &lt;repo-root&gt; &lt;out-dir&gt;</c> writes a seed corpus per target from the test fixtures.
/// </summary>
internal static class Program
{
    /// <summary>Larger inputs are cut: no parser reads more than this from one datagram or frame.</summary>
    private const int MaxInputLength = 1 << 20;

    private static int Main(string[] args)
    {
        if (args.Length == 1 && args[0] == "list")
        {
            foreach (var target in FuzzTargets.All)
            {
                Console.WriteLine($"{target.Name,-18} {target.Description}");
            }

            return 0;
        }

        if (args.Length == 3 && args[0] == "seeds")
        {
            var counts = SeedCollector.Write(args[1], args[2]);
            foreach (var (name, count) in counts)
            {
                Console.WriteLine($"{name,-18} {count} seeds");
            }

            return counts.All(c => c.Count > 0) ? 0 : 1;
        }

        if (args.Length >= 1 && FuzzTargets.Find(args[0]) is { } chosen)
        {
            if (args.Length == 1)
            {
                Fuzzer.Run(stream => chosen.Run(ReadBounded(stream)));
                return 0;
            }

            if (args.Length >= 3 && args[1] == "--replay")
            {
                return Replay.Run(chosen, args.AsSpan(2));
            }
        }

        Console.Error.WriteLine("usage: UcStack.Fuzz list | <target> [--replay <file-or-dir>...] | seeds <repo-root> <out-dir>");
        Console.Error.WriteLine("targets: " + string.Join(' ', FuzzTargets.All.Select(t => t.Name)));
        return 2;
    }

    internal static byte[] ReadBounded(Stream stream)
    {
        using var copy = new MemoryStream();
        var buffer = new byte[8192];
        int read;
        while (copy.Length < MaxInputLength && (read = stream.Read(buffer, 0, (int)Math.Min(buffer.Length, MaxInputLength - copy.Length))) > 0)
        {
            copy.Write(buffer, 0, read);
        }

        return copy.ToArray();
    }
}
