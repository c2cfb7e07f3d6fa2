package dev.shipshape.controller.cli;

import dev.shipshape.controller.doctor.CheckResult;
import dev.shipshape.controller.doctor.Doctor;
import dev.shipshape.controller.doctor.DoctorReport;
import dev.shipshape.reconcilers.ProjectContext;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

import java.util.List;

@Command(name = "doctor", description = "Check the host before changing it: the Docker engine, disk space, ports,"
        + " the project folder, the release source and the registries. Changes nothing.%n"
        + "Exit codes: 0 no check failed (warnings allowed), 1 a check failed or an error.")
final class DoctorCommand extends ProjectCommand {
    @Mixin
    OutputOption output;

    @Override
    public Integer call() {
        ProjectContext project = file.load();
        List<CheckResult> results = Injection.injector().getInstance(Doctor.class).run(project);
        if (output.json()) {
            DoctorReport.json(project.project(), results, out());
        } else {
            DoctorReport.text(results, out());
        }
        return Doctor.firstFailure(results).isPresent() ? ErrorHandler.ERROR : 0;
    }
}
