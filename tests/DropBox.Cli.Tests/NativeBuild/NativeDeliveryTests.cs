using DropBox.Cli.Tests.EndToEnd;

namespace DropBox.Cli.Tests.NativeBuild;

/// <summary>The end-to-end delivery run of <see cref="DeliveryRun"/>, made by the published native program.</summary>
public sealed class NativeDeliveryRun() : DeliveryRun(() => NativeProgram.Path);

/// <summary>Every delivery check (<see cref="DeliveryChecks"/>) holds for the native program too.</summary>
public sealed class NativeDeliveryTests(NativeDeliveryRun run) : DeliveryChecks(run), IClassFixture<NativeDeliveryRun>;
