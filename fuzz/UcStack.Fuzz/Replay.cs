namespace UcStack.Fuzz;

/// <summary>Runs saved inputs (AFL crash files, seeds, regression inputs) through a target without AFL.</summary>
internal static class Replay
{
    public static int Run(FuzzTarget target, ReadOnlySpan<string> paths)
    {
        var inputs = new List<string>();
        foreach (var path in paths)
        {
            if (Directory.Exists(path))
            {
                // AFL writes a README.txt next to its crash files; it is not an input.
                inputs.AddRange(Directory.EnumerateFiles(path).Where(f => Path.GetFileName(f) != "README.txt").Order(StringComparer.Ordinal));
            }
            else if (File.Exists(path))
            {
                inputs.Add(path);
            }
            else
            {
                Console.Error.WriteLine($"{target.Name}: no such file or directory: {path}");
                return 2;
            }
        }

        var escaped = 0;
        foreach (var input in inputs)
        {
            byte[] bytes;
            using (var stream = File.OpenRead(input))
            {
                bytes = Program.ReadBounded(stream);
            }

            try
            {
                target.Run(bytes);
            }
#pragma warning disable CA1031 // Replay exists to report every exception that escapes the target, whatever its type.
            catch (Exception e)
#pragma warning restore CA1031
            {
                escaped++;
                var frame = e.StackTrace?.Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).FirstOrDefault() ?? "";
                Console.WriteLine($"CRASH {target.Name} {input}: {e.GetType().FullName}: {e.Message} {frame}");
            }
        }

        Console.WriteLine($"{target.Name}: replayed {inputs.Count} inputs, {escaped} escaped the parser's error type");
        return escaped == 0 ? 0 : 1;
    }
}
