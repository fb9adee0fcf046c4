// Training as K processes exchanging over Gloo (TCP): each rank process is one worker with
// its own replica and shard. train_rank is what one process runs; launch_gloo_training
// starts K of them on this machine (the `sextant-compression-rank` program), forwards rank
// 0's records to an observer and stops them all when one fails or the run is cancelled.
// On a cluster the scheduler starts the K processes instead (srun): each one is a rank of
// train_scheduled_rank.
#pragma once

#include "compression_training/data_parallel.hpp"
#include "compression_training/gloo_collective.hpp"

#include <collective/rendezvous.hpp>

#include <filesystem>

namespace compression_training {

// Loads the data, joins the group (rank of config.workers), trains. Rank 0 reports.
TrainingSummary train_rank(const TrainConfig& config, int rank, const GlooOptions& options, TrainingObserver& observer);

// This process is one of the run's ranks started by the scheduler: rank, number of ranks
// (which must equal config.workers) and the meeting folder come from `rendezvous`.
TrainingSummary train_scheduled_rank(const TrainConfig& config, const collective::Rendezvous& rendezvous,
                                     TrainingObserver& observer);

struct LaunchOptions {
    std::filesystem::path rank_program;  // the sextant-compression-rank executable
    std::filesystem::path work_dir;      // gets the config, a fresh rendezvous folder, rank-R.log
    std::filesystem::path params_out;    // optional: rank 0 writes the final parameters (.npy)
};

// Throws std::runtime_error naming the failed rank, its exit status and the tail of its log.
TrainingSummary launch_gloo_training(const TrainConfig& config, const LaunchOptions& options,
                                     TrainingObserver& observer);

// sextant-compression-rank in the folder of the module (plugin or executable) that holds
// this library's code.
std::filesystem::path rank_program_beside_module();

}  // namespace compression_training
