using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace PoolDash.Web.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class InitialPools : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "Pools",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    Name = table.Column<string>(type: "TEXT", nullable: false),
                    MasterId = table.Column<Guid>(type: "TEXT", nullable: false),
                    HaEnabled = table.Column<bool>(type: "INTEGER", nullable: false),
                    LivenessTimeoutSeconds = table.Column<double>(type: "REAL", nullable: false),
                    HaTimeoutSeconds = table.Column<double>(type: "REAL", nullable: false),
                    TwoPersonRule = table.Column<bool>(type: "INTEGER", nullable: false),
                    DefaultSrId = table.Column<Guid>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Pools", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "AttachKeys",
                columns: table => new
                {
                    PoolId = table.Column<Guid>(type: "TEXT", nullable: false),
                    VdiId = table.Column<Guid>(type: "TEXT", nullable: false),
                    HostId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Mode = table.Column<string>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AttachKeys", x => new { x.PoolId, x.VdiId, x.HostId });
                    table.ForeignKey(
                        name: "FK_AttachKeys_Pools_PoolId",
                        column: x => x.PoolId,
                        principalTable: "Pools",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "ForgottenHosts",
                columns: table => new
                {
                    PoolId = table.Column<Guid>(type: "TEXT", nullable: false),
                    HostId = table.Column<Guid>(type: "TEXT", nullable: false),
                    TokenHash = table.Column<byte[]>(type: "BLOB", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ForgottenHosts", x => new { x.PoolId, x.HostId });
                    table.ForeignKey(
                        name: "FK_ForgottenHosts_Pools_PoolId",
                        column: x => x.PoolId,
                        principalTable: "Pools",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "Hosts",
                columns: table => new
                {
                    PoolId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    Name = table.Column<string>(type: "TEXT", nullable: false),
                    Address = table.Column<string>(type: "TEXT", nullable: false),
                    MemoryMiB = table.Column<long>(type: "INTEGER", nullable: false),
                    Role = table.Column<string>(type: "TEXT", nullable: false),
                    Liveness = table.Column<string>(type: "TEXT", nullable: false),
                    Following = table.Column<Guid>(type: "TEXT", nullable: true),
                    LastHeartbeat = table.Column<DateTimeOffset>(type: "TEXT", nullable: true),
                    WasPoolMasterWhenDied = table.Column<bool>(type: "INTEGER", nullable: false),
                    TokenHash = table.Column<byte[]>(type: "BLOB", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Hosts", x => new { x.PoolId, x.Id });
                    table.ForeignKey(
                        name: "FK_Hosts_Pools_PoolId",
                        column: x => x.PoolId,
                        principalTable: "Pools",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "Srs",
                columns: table => new
                {
                    PoolId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    Name = table.Column<string>(type: "TEXT", nullable: false),
                    Shared = table.Column<bool>(type: "INTEGER", nullable: false),
                    OwnerHostId = table.Column<Guid>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Srs", x => new { x.PoolId, x.Id });
                    table.ForeignKey(
                        name: "FK_Srs_Pools_PoolId",
                        column: x => x.PoolId,
                        principalTable: "Pools",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "Vdis",
                columns: table => new
                {
                    PoolId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    Name = table.Column<string>(type: "TEXT", nullable: false),
                    SrId = table.Column<Guid>(type: "TEXT", nullable: false),
                    PausedBy = table.Column<Guid>(type: "TEXT", nullable: true),
                    ActivatingBy = table.Column<Guid>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Vdis", x => new { x.PoolId, x.Id });
                    table.ForeignKey(
                        name: "FK_Vdis_Pools_PoolId",
                        column: x => x.PoolId,
                        principalTable: "Pools",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "VmDisks",
                columns: table => new
                {
                    PoolId = table.Column<Guid>(type: "TEXT", nullable: false),
                    VmId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Position = table.Column<int>(type: "INTEGER", nullable: false),
                    VdiId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Mode = table.Column<string>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_VmDisks", x => new { x.PoolId, x.VmId, x.Position });
                    table.ForeignKey(
                        name: "FK_VmDisks_Pools_PoolId",
                        column: x => x.PoolId,
                        principalTable: "Pools",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "Vms",
                columns: table => new
                {
                    PoolId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    Name = table.Column<string>(type: "TEXT", nullable: false),
                    MemoryMiB = table.Column<long>(type: "INTEGER", nullable: false),
                    PowerState = table.Column<string>(type: "TEXT", nullable: false),
                    ResidentOn = table.Column<Guid>(type: "TEXT", nullable: true),
                    HaPriority = table.Column<string>(type: "TEXT", nullable: false),
                    IsControlDomain = table.Column<bool>(type: "INTEGER", nullable: false),
                    DisplacedFrom = table.Column<Guid>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Vms", x => new { x.PoolId, x.Id });
                    table.ForeignKey(
                        name: "FK_Vms_Pools_PoolId",
                        column: x => x.PoolId,
                        principalTable: "Pools",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "AttachKeys");

            migrationBuilder.DropTable(
                name: "ForgottenHosts");

            migrationBuilder.DropTable(
                name: "Hosts");

            migrationBuilder.DropTable(
                name: "Srs");

            migrationBuilder.DropTable(
                name: "Vdis");

            migrationBuilder.DropTable(
                name: "VmDisks");

            migrationBuilder.DropTable(
                name: "Vms");

            migrationBuilder.DropTable(
                name: "Pools");
        }
    }
}
