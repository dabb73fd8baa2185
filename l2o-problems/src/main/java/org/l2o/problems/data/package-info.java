/**
 * Image datasets used by the training and evaluation problems: a registry by TFDS name, a cache outside
 * the clone, fetch routes (home sites, package registries through their ordinary clients), import of
 * official files, checksum/format verification and readers (IDX, CIFAR-10 binary, SVHN .mat).
 *
 * <p>Entry point: {@link org.l2o.problems.data.Datasets}. Credits: MNIST (LeCun, Cortes, Burges; commonly
 * cited CC BY-SA 3.0), Fashion-MNIST (MIT, Zalando SE), CIFAR-10 (Krizhevsky 2009), KMNIST (CC BY-SA 4.0,
 * ROIS-DS CODH), SVHN (Netzer et al. 2011, non-commercial use).
 */
package org.l2o.problems.data;
