namespace DropBox.Deidentify;

internal static class AssemblyMarker;
