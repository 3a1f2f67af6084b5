using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace PoolDash.Web.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class XapiSteps : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "XapiSteps",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    PoolId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Operation = table.Column<string>(type: "TEXT", nullable: false),
                    HostId = table.Column<Guid>(type: "TEXT", nullable: true),
                    VmId = table.Column<Guid>(type: "TEXT", nullable: true),
                    SrId = table.Column<Guid>(type: "TEXT", nullable: true),
                    Master = table.Column<bool>(type: "INTEGER", nullable: false),
                    Actor = table.Column<string>(type: "TEXT", nullable: false),
                    Origin = table.Column<string>(type: "TEXT", nullable: false),
                    Call = table.Column<string>(type: "TEXT", nullable: false),
                    SentAt = table.Column<DateTimeOffset>(type: "TEXT", nullable: false),
                    Status = table.Column<string>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_XapiSteps", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_XapiSteps_Status",
                table: "XapiSteps",
                column: "Status");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "XapiSteps");
        }
    }
}
