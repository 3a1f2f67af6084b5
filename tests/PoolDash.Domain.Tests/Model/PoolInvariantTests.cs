using CsCheck;
using PoolDash.Domain.Heartbeats;
using PoolDash.Domain.Pools;
using PoolDash.Domain.Recovery;
using PoolDash.Domain.Snapshots;
using PoolDash.Domain.Storage;
using PoolDash.Domain.Vms;

namespace PoolDash.Domain.Tests.Model;

/// <summary>
/// Model-based: thousands of random runs of heartbeats on two channels (agent, probe), the master's view of who is
/// live, clock advances, sweeps, attestations and operator commands on the lab pool, with the pool's safety
/// invariants checked after every single step — among them that no destructive step acts on a host any channel sees. CsCheck shrinks a failing run to a
/// short one and prints it.
/// </summary>
public class PoolInvariantTests
{
    private const int Kinds = 17;

    private static readonly Gen<(int Kind, int A, int B, bool Flag)> StepGen =
        Gen.Select(Gen.Int[0, Kinds - 1], Gen.Int[0, 99], Gen.Int[0, 99], Gen.Bool);

    [Fact]
    public void Random_runs_never_break_the_pools_safety_invariants()
    {
        StepGen.Array[1, 80].Sample(steps =>
        {
            var run = new Run();
            foreach (var step in steps)
            {
                run.Apply(step);
            }
        }, iter: 3000, print: steps => string.Join(" ; ", steps.Select(Run.Describe)));
    }

    /// <summary>One random run: the pool under test, the ids it has known, and the invariant checks.</summary>
    private sealed class Run
    {
        private readonly LabPool _lab = new();
        private readonly List<Guid> _hostIds = [.. LabPool.Hosts];
        private readonly Guid[] _vmIds;
        private readonly Guid[] _srIds;
        private int _joined;

        public Run()
        {
            var snapshot = _lab.Snapshot;
            _vmIds = [.. snapshot.Vms.Select(v => v.Id)];
            _srIds = [.. snapshot.Srs.Select(s => s.Id)];
            Check(snapshot, snapshot, operatorActed: false);
        }

        public static string Describe((int Kind, int A, int B, bool Flag) s) => $"{s.Kind}:{s.A}:{s.B}:{s.Flag}";

        public void Apply((int Kind, int A, int B, bool Flag) step)
        {
            var before = _lab.Snapshot;
            var host = _hostIds[step.A % _hostIds.Count];
            var vm = _vmIds[step.A % _vmIds.Length];
            var operatorActed = false;
            switch (step.Kind)
            {
                case 0 or 1:
                    // Heartbeats from everyone but one host, so some hosts die and others stay up.
                    foreach (var h in before.Hosts.Where(h => h.Id != host && h.Liveness != Liveness.Forgotten))
                    {
                        _lab.Pool.RecordHeartbeat(h.Id);
                    }

                    break;
                case 2:
                    Heartbeat(host, before);
                    break;
                case 3:
                    _lab.Time.Advance(TimeSpan.FromSeconds(step.B * 7));
                    _lab.Pool.Sweep();
                    break;
                case 14:
                    if (Known(host, before))
                    {
                        _lab.Pool.RecordHeartbeat(host, LivenessChannel.Probe);
                    }

                    break;
                case 15:
                    // The master reports a random half of the hosts live, or is not heard at all.
                    if (step.Flag)
                    {
                        _lab.Pool.ObserveMasterView(_hostIds.Where((_, i) => ((step.B >> (i % 7)) & 1) == 1).ToHashSet());
                    }
                    else
                    {
                        _lab.Pool.MasterViewLost();
                    }

                    break;
                default:
                    operatorActed = Command(Pick(step, host, vm), before);
                    break;
            }

            Check(before, _lab.Snapshot, operatorActed);

            // What the pool already is, reported back (a connected pool's mirror), changes nothing in any state.
            Assert.Empty(_lab.Pool.Reconcile(_lab.Pool.Describe()));
        }

        private PoolCommand Pick((int Kind, int A, int B, bool Flag) step, Guid host, Guid vm) => step.Kind switch
        {
            4 => new ForgetHost(host),
            5 => new DeclareHostDead(host),
            6 => new ResetVmPowerState(vm),
            7 => new ResetVdis(host, _srIds[step.B % _srIds.Length], step.Flag),
            8 => new StartVm(vm, _hostIds[step.B % _hostIds.Count]),
            9 => new ShutdownVm(vm),
            10 => new EmergencyTransitionToMaster(host),
            11 => new RecoverSlaves(host),
            12 => step.Flag ? new EnableHa(LabPool.PoolId) : new DisableHa(LabPool.PoolId),
            16 => new AttestHostDown(host, step.Flag ? "physically" : "out-of-band console", "", "carol"),
            _ => step.Flag && _lab.Snapshot.ForgottenHostIds.Count > 0
                ? new JoinHost(_lab.Snapshot.ForgottenHostIds[0], "back", "10.0.0.99", 32768)
                : NewHost(),
        };

        private JoinHost NewHost()
        {
            var id = Guid.Parse($"90000000-0000-0000-0000-{++_joined:x12}");
            _hostIds.Add(id);
            return new JoinHost(id, $"joined-{_joined}", $"10.0.1.{_joined}", 32768);
        }

        private void Heartbeat(Guid host, PoolSnapshot before)
        {
            var result = _lab.Pool.RecordHeartbeat(host);
            var forgotten = before.ForgottenHostIds.Contains(host) || before.Hosts.All(h => h.Id != host);
            Assert.Equal(forgotten, result.Outcome == HeartbeatOutcome.Refused);
            if (forgotten)
            {
                Assert.Equal("HOST_UNKNOWN_TO_MASTER", result.Error!.Name);
                Assert.Equal(Comparable(before), Comparable(_lab.Snapshot));
            }
        }

        private static bool Known(Guid host, PoolSnapshot before) => before.Hosts.Any(h => h.Id == host);

        /// <summary>The host a destructive step acts on (the one whose being off it assumes), or null.</summary>
        private static Guid? DestructiveOn(PoolCommand command, PoolSnapshot before) => command switch
        {
            ForgetHost c => c.HostId,
            DeclareHostDead c => c.HostId,
            ResetVdis c => c.HostId,
            AttestHostDown c => c.HostId,
            ResetVmPowerState c => before.Vms.Single(v => v.Id == c.VmId).ResidentOn,
            _ => null,
        };

        /// <returns>Whether the command took effect.</returns>
        private bool Command(PoolCommand command, PoolSnapshot before)
        {
            // The state gate, in whatever state the run has reached: it may refuse or answer, never perform.
            _lab.Pool.Refusal(command, "gate");
            Assert.Equal(Comparable(before), Comparable(_lab.Snapshot));

            var result = _lab.Run(command);
            if (result.Outcome == CommandOutcome.Performed)
            {
                // No destructive step on a host that any channel still sees.
                if (DestructiveOn(command, before) is { } target && before.Hosts.SingleOrDefault(h => h.Id == target) is { } host)
                {
                    Assert.True(host.SeenBy is null && host.Liveness is Liveness.Dead or Liveness.Suspect && host.MasterView != MasterView.Live,
                        $"{command.Operation} performed on {host.Name} while {host.Liveness}, seen by: {host.SeenBy}");
                }

                return true;
            }

            // Refused or already done: nothing in the pool moved but the event counter of a refusal.
            Assert.Equal(Comparable(before), Comparable(_lab.Snapshot));
            return false;
        }

        private static string Comparable(PoolSnapshot s) => ViewComparer<object>.Json(s with { Sequence = 0 });

        private static void Check(PoolSnapshot before, PoolSnapshot after, bool operatorActed)
        {
            var hosts = after.Hosts.ToDictionary(h => h.Id);

            // Never two masters: one pool master, and no other live host that believes it is master.
            Assert.Single(after.Hosts, h => h.IsPoolMaster);
            Assert.Equal(after.MasterId, after.Hosts.Single(h => h.IsPoolMaster).Id);
            Assert.True(
                after.Hosts.Count(h => h.Role == HostRole.Master && h.Liveness is Liveness.Alive or Liveness.Suspect) <= 1,
                "two live hosts believe they are master");

            // Never a VDI attached RW by two hosts, nor held by a host that is gone.
            foreach (var vdi in after.Vdis)
            {
                Assert.True(vdi.AttachKeys.Count(k => k.Value == AttachMode.RW) <= 1, $"VDI {vdi.Name} attached RW twice");
                Assert.True(vdi.AttachKeys.Values.All(m => m == AttachMode.RO) || vdi.AttachKeys.Count == 1, $"VDI {vdi.Name} attached RW and RO at once");
                Assert.All(vdi.AttachKeys.Keys, h => Assert.True(hosts.ContainsKey(h), $"VDI {vdi.Name} held by a forgotten host"));
            }

            // Never a VM resident on a forgotten or unknown host; a VM is resident exactly when it is not halted.
            foreach (var vm in after.Vms)
            {
                Assert.Equal(vm.PowerState != PowerState.Halted, vm.ResidentOn is not null);
                if (vm.ResidentOn is { } on)
                {
                    Assert.True(hosts.ContainsKey(on), $"VM {vm.Name} resident on a forgotten host");
                    Assert.DoesNotContain(on, after.ForgottenHostIds);
                }
            }

            // Without HA, a VM left running on a dead host keeps its attach keys until an operator releases them.
            if (operatorActed || before.HaEnabled || after.HaEnabled)
            {
                return;
            }

            var beforeVdis = before.Vdis.ToDictionary(v => v.Id);
            var afterVdis = after.Vdis.ToDictionary(v => v.Id);
            foreach (var vm in before.Vms.Where(v => v.ResidentOn is { } on && before.Hosts.Single(h => h.Id == on).Liveness == Liveness.Dead))
            {
                foreach (var disk in vm.Disks)
                {
                    if (beforeVdis[disk.VdiId].AttachKeys.TryGetValue(vm.ResidentOn!.Value, out var mode))
                    {
                        Assert.True(
                            afterVdis[disk.VdiId].AttachKeys.TryGetValue(vm.ResidentOn.Value, out var still) && still == mode,
                            $"VM {vm.Name} on dead host lost its key on {beforeVdis[disk.VdiId].Name} without an operator");
                    }
                }
            }
        }
    }
}
